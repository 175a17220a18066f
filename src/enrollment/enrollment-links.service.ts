import { HttpStatus, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { createHash, randomBytes } from 'node:crypto';
import { DataSource, EntityManager, IsNull, MoreThan } from 'typeorm';
import type { Actor } from '../common/auth/actor.js';
import { EnrollmentStatus as S } from '../common/codes/codes.js';
import { loadForUpdate } from '../common/entities/load-for-update.js';
import { ApiProblem } from '../common/errors/problem.js';
import { AppConfig } from '../config/app-config.js';
import type {
  AgreeByLinkDto,
  EnrollmentLinkDto,
  PublicAgreementDto,
  PublicEnrollmentDto,
} from './dto/enrollment-link.dto.js';
import { EnrollmentLink } from './entities/enrollment-link.entity.js';
import { Enrollment } from './entities/enrollment.entity.js';
import { ENROLLMENT_WORKFLOW, enrollmentStatusKey } from './enrollment-states.js';
import { classDisplayNames } from '../teaching/class-name.js';
import { EnrollmentsService } from './enrollments.service.js';

/** Where the public routes live (the global prefix is `api/v1`, see app.factory.ts). */
export const PUBLIC_LINK_PATH = '/api/v1/public/enrollment-links';

/** 32 random bytes in base64url are 43 characters. */
const TOKEN_FORMAT = /^[A-Za-z0-9_-]{43}$/;

const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

/** One answer for a wrong, expired or used token, or an enrollment no longer waiting for agreement. */
const unusable = () => new ApiProblem(HttpStatus.NOT_FOUND, 'This enrollment link is not valid or no longer works');

/**
 * The customer's one-time enrollment link: made by staff while the enrollment is pending, it lets the
 * customer read what they are signing up for and agree to it. Tokens are found by the SHA-256 of what was
 * sent; only the hash is stored.
 */
@Injectable()
export class EnrollmentLinksService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly config: AppConfig,
    private readonly enrollments: EnrollmentsService,
  ) {}

  /** A new link for a pending enrollment; earlier unused links of that enrollment stop working. */
  create(enrollmentId: number, actor: Actor): Promise<EnrollmentLinkDto> {
    return this.dataSource.transaction(async (manager) => {
      await this.enrollments.visibleCustomerId(manager, actor, enrollmentId);
      const enrollment = await loadForUpdate(manager, Enrollment, enrollmentId, { label: 'Enrollment' });
      if (enrollment.status !== S.code.pending) {
        const status = enrollmentStatusKey(enrollment.status);
        throw new ApiProblem(
          HttpStatus.CONFLICT,
          `Enrollment ${enrollmentId} is ${status}; a link can be made only while it is pending`,
          { currentStatus: status },
        );
      }
      const now = new Date();
      const repo = manager.getRepository(EnrollmentLink);
      const open = await repo.findBy({ enrollmentId, usedAt: IsNull(), expiresAt: MoreThan(now) });
      for (const link of open) link.expiresAt = now;
      if (open.length) await repo.save(open);

      const token = randomBytes(32).toString('base64url');
      const expiresAt = new Date(now.getTime() + this.config.enrollment.linkTtlSeconds * 1000);
      await repo.save(repo.create({ enrollmentId, tokenHash: hashToken(token), expiresAt }));
      return { token, path: `${PUBLIC_LINK_PATH}/${token}`, expiresAt };
    });
  }

  /** What the customer needs to decide: where, what, when, the contract and the price. */
  async view(token: string): Promise<PublicEnrollmentDto> {
    const link = await this.findUsable(this.dataSource.manager, token);
    const { enrollment } = link;
    const { course, branch } = enrollment.schoolClass;
    return {
      campus: branch.name,
      campusAddress: branch.address,
      course: course.name,
      className: classDisplayNames(branch.name, course.name, enrollment.schoolClass.semester).displayNameZh,
      startDate: enrollment.schoolClass.startDate,
      contractText: enrollment.contractText,
      price: enrollment.price,
      purchasedLessons: enrollment.purchasedLessons,
      expiresAt: link.expiresAt,
    };
  }

  /** The customer agrees: pending → agreed, and the link is used up, in one transaction. */
  agree(token: string, dto: AgreeByLinkDto, ip: string | undefined): Promise<PublicAgreementDto> {
    return this.dataSource.transaction(async (manager) => {
      const found = await this.findUsable(manager, token);
      // lock (enrollment, then link, as `create` does), then check again: of two requests with one token
      // only the first gets past here
      const enrollment = await loadForUpdate(manager, Enrollment, found.enrollmentId);
      const link = await loadForUpdate(manager, EnrollmentLink, found.id);
      const now = new Date();
      if (link.usedAt || link.expiresAt <= now || enrollment.status !== S.code.pending) throw unusable();
      ENROLLMENT_WORKFLOW.assertMove(enrollment.status, S.code.agreed);
      enrollment.status = S.code.agreed;
      enrollment.contractAgreedAt = now;
      await manager.save(enrollment);
      Object.assign(link, {
        usedAt: now,
        idName: dto.idName,
        idNumber: dto.idNumber,
        agreedIp: ip ? ip.slice(0, 45) : null,
      });
      await manager.save(link);
      return { status: enrollmentStatusKey(S.code.agreed), agreedAt: now };
    });
  }

  /** The link for `token` if it is unused, unexpired and its enrollment still waits for agreement; else 404. */
  private async findUsable(manager: EntityManager, token: string): Promise<EnrollmentLink> {
    if (!TOKEN_FORMAT.test(token)) throw unusable();
    const link = await manager
      .getRepository(EnrollmentLink)
      .createQueryBuilder('l')
      .innerJoinAndSelect('l.enrollment', 'e')
      .innerJoin('e.customer', 'cu') // a soft-deleted customer's links stop working
      .innerJoinAndSelect('e.schoolClass', 'k')
      .innerJoinAndSelect('k.course', 'cr')
      .innerJoinAndSelect('k.branch', 'b')
      .where('l.tokenHash = :hash', { hash: hashToken(token) })
      .andWhere('l.usedAt IS NULL')
      .andWhere('l.expiresAt > :now', { now: new Date() })
      .andWhere('e.status = :pending', { pending: S.code.pending })
      .getOne();
    if (!link) throw unusable();
    return link;
  }
}
