import { usedLessonsSql } from '../enrollment/enrollment-states.js';
import { classDisplayNames } from '../teaching/class-name.js';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import type { Actor } from '../common/auth/actor.js';
import { FeedbackStatus, PaymentType } from '../common/codes/codes.js';
import { Enrollment } from '../enrollment/entities/enrollment.entity.js';
import { Feedback } from '../feedback/entities/feedback.entity.js';
import { FollowUp } from '../sales/entities/follow-up.entity.js';
import { Payment } from '../sales/entities/payment.entity.js';
import { toContactDto } from './contacts.service.js';
import { findVisibleCustomer } from './customer-scope.js';
import { loadCustomerDto } from './customer-view.js';
import type {
  CustomerOverviewDto,
  OverviewEnrollmentDto,
  OverviewFeedbackDto,
  OverviewFollowUpDto,
  OverviewPaymentsDto,
} from './dto/overview.dto.js';
import { Contact } from './entities/contact.entity.js';

const RECENT = 10;
const MAX_OPEN_FEEDBACK = 50;

/**
 * A customer with its contacts, latest follow-ups, enrollments, payment totals and open feedback: a fixed
 * number of queries (one per section), whatever the customer has. Reads the other modules' tables through their
 * entities; it writes nothing.
 */
@Injectable()
export class OverviewService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * The sections are read on one connection: a request holds one pooled connection, however many sections it
   * reads (in parallel on the pool, 32 overviews at a time queued 250 queries and overflowed the pool's queue).
   */
  async overview(id: number, actor: Actor): Promise<CustomerOverviewDto> {
    const runner = this.dataSource.createQueryRunner();
    try {
      const { manager } = runner;
      await findVisibleCustomer(manager, actor, id);
      const [customer, contacts, followUps, enrollments, payments, openFeedback] = await Promise.all([
        loadCustomerDto(manager, id),
        manager.getRepository(Contact).find({ where: { customerId: id }, order: { id: 'ASC' } }),
        actor.can('followups.read') ? this.followUps(manager, id) : null,
        actor.can('enrollments.read') ? this.enrollments(manager, id) : null,
        actor.can('payments.read') ? this.payments(manager, id) : null,
        actor.can('feedback.read') ? this.openFeedback(manager, id) : null,
      ]);
      return { customer, contacts: contacts.map(toContactDto), followUps, enrollments, payments, openFeedback };
    } finally {
      await runner.release();
    }
  }

  private async followUps(manager: EntityManager, customerId: number): Promise<OverviewFollowUpDto[]> {
    const rows = await manager
      .getRepository(FollowUp)
      .createQueryBuilder('f')
      .leftJoin('f.consultant', 'fc')
      .addSelect(['fc.id', 'fc.name'])
      .where('f.customerId = :customerId', { customerId })
      .orderBy('f.createdAt', 'DESC')
      .addOrderBy('f.id', 'DESC')
      .limit(RECENT)
      .getMany();
    return rows.map((f) => ({
      id: f.id,
      content: f.content,
      intention: f.intention,
      consultantId: f.consultantId,
      consultantName: f.consultant?.name ?? null,
      nextFollowUpAt: f.nextFollowUpAt,
      createdAt: f.createdAt,
    }));
  }

  private async enrollments(manager: EntityManager, customerId: number): Promise<OverviewEnrollmentDto[]> {
    const rows = manager
      .getRepository(Enrollment)
      .createQueryBuilder('e')
      .innerJoinAndSelect('e.schoolClass', 'sc')
      .innerJoin('sc.course', 'co')
      .addSelect(['co.id', 'co.name'])
      .innerJoin('sc.branch', 'br')
      .addSelect(['br.id', 'br.name'])
      .addSelect(usedLessonsSql('e'), 'used')
      .where('e.customerId = :customerId', { customerId })
      .orderBy('e.createdAt', 'DESC')
      .addOrderBy('e.id', 'DESC');
    const { entities, raw } = await rows.getRawAndEntities();
    const used = new Map(raw.map((row: Record<string, unknown>) => [Number(row.e_id), Number(row.used)]));
    return entities.map((e) => {
      const { schoolClass: sc } = e;
      const usedLessons = used.get(e.id) ?? 0;
      return {
        id: e.id,
        number: e.number,
        classId: e.classId,
        ...classDisplayNames(sc.branch.name, sc.course.name, sc.semester),
        lessons: { purchased: e.purchasedLessons, used: usedLessons, remaining: e.purchasedLessons - usedLessons },
        courseId: sc.courseId,
        courseName: sc.course.name,
        branchName: sc.branch.name,
        semester: sc.semester,
        status: e.status,
        contractAgreedAt: e.contractAgreedAt,
        contractApprovedAt: e.contractApprovedAt,
        createdAt: e.createdAt,
      };
    });
  }

  private async payments(manager: EntityManager, customerId: number): Promise<OverviewPaymentsDto> {
    const repo = manager.getRepository(Payment);
    const [totals, recent] = await Promise.all([
      repo
        .createQueryBuilder('p')
        .select(`SUM(CASE WHEN p.type = :payment THEN p.amount ELSE 0 END)`, 'paid')
        .addSelect(`SUM(CASE WHEN p.type = :refund THEN p.amount ELSE 0 END)`, 'refunded')
        .where('p.customerId = :customerId', { customerId })
        .setParameters({ payment: PaymentType.code.payment, refund: PaymentType.code.refund })
        .getRawOne<{ paid: unknown; refunded: unknown }>(),
      repo
        .createQueryBuilder('p')
        .leftJoin('p.course', 'pc')
        .addSelect(['pc.id', 'pc.name'])
        .leftJoin('p.consultant', 'pu')
        .addSelect(['pu.id', 'pu.name'])
        .where('p.customerId = :customerId', { customerId })
        .orderBy('p.paidAt', 'DESC')
        .addOrderBy('p.id', 'DESC')
        .limit(RECENT)
        .getMany(),
    ]);
    // SUM is a DECIMAL string on MySQL/MariaDB and NULL over no rows
    const paid = Number(totals?.paid ?? 0);
    const refunded = Number(totals?.refunded ?? 0);
    return {
      paid,
      refunded,
      net: paid - refunded,
      recent: recent.map((p) => ({
        id: p.id,
        number: p.number,
        type: p.type,
        method: p.method,
        amount: p.amount,
        courseId: p.courseId,
        courseName: p.course?.name ?? null,
        consultantName: p.consultant?.name ?? null,
        paidAt: p.paidAt,
      })),
    };
  }

  private async openFeedback(manager: EntityManager, customerId: number): Promise<OverviewFeedbackDto[]> {
    const rows = await manager
      .getRepository(Feedback)
      .createQueryBuilder('fb')
      .leftJoin('fb.assignee', 'fa')
      .addSelect(['fa.id', 'fa.name'])
      .where('fb.customerId = :customerId', { customerId })
      .andWhere('fb.status IN (:...open)', { open: [FeedbackStatus.code.open, FeedbackStatus.code.inProgress] })
      .orderBy('fb.createdAt', 'DESC')
      .addOrderBy('fb.id', 'DESC')
      .limit(MAX_OPEN_FEEDBACK)
      .getMany();
    return rows.map((f) => ({
      id: f.id,
      number: f.number,
      title: f.title,
      type: f.type,
      priority: f.priority,
      status: f.status,
      assigneeName: f.assignee?.name ?? null,
      createdAt: f.createdAt,
    }));
  }
}
