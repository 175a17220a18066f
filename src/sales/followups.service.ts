import { HttpStatus, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, SelectQueryBuilder } from 'typeorm';
import type { Actor } from '../common/auth/actor.js';
import { loadForUpdate, updateBookkeeping } from '../common/entities/load-for-update.js';
import { followUpDueAt, type LatestFollowUp } from './due-rules.js';
import { ApiProblem, ValidationProblem } from '../common/errors/problem.js';
import { applyListSearch, paginate, type Page } from '../common/list/paginate.js';
import { AppConfig } from '../config/app-config.js';
import { findVisibleCustomer, lockVisibleCustomer, scopeToActor } from '../customers/customer-scope.js';
import { Customer } from '../customers/entities/customer.entity.js';
import { tallyCustomerChange } from '../customers/funnel/funnel-days.js';
import type {
  CreateFollowUpDto,
  CustomerFollowUpListQuery,
  FollowUpDto,
  FollowUpListQuery,
  UpdateFollowUpDto,
} from './dto/follow-up.dto.js';
import { FollowUp } from './entities/follow-up.entity.js';
import { lossFields, lostToCompetitorId } from './lost-to-competitor.js';
import { applyDateRange, startOfToday } from '../common/time/school-time.js';

export function toFollowUpDto(followUp: FollowUp): FollowUpDto {
  const { id, customer, consultant, intention, content, nextFollowUpAt, version, createdAt, updatedAt } = followUp;
  const { competitor, lostReason, offeredPrice } = followUp;
  return {
    id,
    customer: { id: customer.id, number: customer.number, name: customer.name },
    consultant: { id: consultant.id, name: consultant.name },
    intention,
    content,
    nextFollowUpAt,
    competitor: competitor ? { id: competitor.id, name: competitor.name } : null,
    lostReason: lostReason ?? null,
    offeredPrice: offeredPrice ?? null,
    version,
    createdAt,
    updatedAt,
  };
}

export const FOLLOW_UP_LIST = {
  sortable: { createdAt: 'f.createdAt', intention: 'f.intention', nextFollowUpAt: 'f.nextFollowUpAt' },
  defaultSort: '-createdAt',
  search: ['c.name'],
};

const notFound = (id: number) => new ApiProblem(HttpStatus.NOT_FOUND, `Follow-up ${id} does not exist`);

/**
 * Follow-ups with customers. Record scope follows the customer; each write also keeps the customer's
 * latestIntention and lastFollowUpAt (the latest follow-up by createdAt, then id) in the same transaction.
 */
@Injectable()
export class FollowUpsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly config: AppConfig,
  ) {}

  /** One rows query and one count: customer and consultant are to-one joins. */
  async list(query: FollowUpListQuery, actor: Actor): Promise<Page<FollowUpDto>> {
    const page = await paginate(this.filtered(query, actor), { ...query, q: undefined }, FOLLOW_UP_LIST);
    return { data: page.data.map(toFollowUpDto), meta: page.meta };
  }

  /**
   * The follow-ups `query` selects for `actor` (filters, `q` and record scope; no order, no paging), with
   * customer and consultant. The list and the export both start here, so they always select the same rows.
   */
  filtered(query: FollowUpListQuery, actor: Actor): SelectQueryBuilder<FollowUp> {
    const qb = this.visible(this.dataSource.manager, actor);
    if (query.customerId !== undefined) qb.andWhere('f.customerId = :customerId', { customerId: query.customerId });
    if (query.consultantId !== undefined) {
      qb.andWhere('f.consultantId = :consultantId', { consultantId: query.consultantId });
    }
    if (query.intention !== undefined) qb.andWhere('f.intention = :intention', { intention: query.intention });
    if (query.competitorId !== undefined) {
      qb.andWhere('f.competitorId = :competitorId', { competitorId: query.competitorId });
    }
    applyDateRange(qb, 'f.createdAt', { ...query, fromField: 'from', toField: 'to' }, this.config.reportTimezone);
    return applyListSearch(qb, query.q, FOLLOW_UP_LIST);
  }

  async listForCustomer(customerId: number, query: CustomerFollowUpListQuery, actor: Actor) {
    await findVisibleCustomer(this.dataSource.manager, actor, customerId);
    return this.list(Object.assign(query, { customerId }), actor);
  }

  async get(id: number, actor: Actor): Promise<FollowUpDto> {
    return toFollowUpDto(await this.findVisible(this.dataSource.manager, actor, id));
  }

  async create(customerId: number, dto: CreateFollowUpDto, actor: Actor): Promise<FollowUpDto> {
    const nextFollowUpAt = this.nextFollowUpAt(dto.nextFollowUpAt);
    return this.dataSource.transaction(async (manager) => {
      const customer = await lockVisibleCustomer(manager, actor, customerId);
      if (!customer) throw new ApiProblem(HttpStatus.NOT_FOUND, `Customer ${customerId} does not exist`);
      const loss = await lossFields(manager, dto, dto.intention);
      const followUp = manager.create(FollowUp, {
        customerId,
        consultantId: actor.id,
        intention: dto.intention,
        content: dto.content,
        nextFollowUpAt,
        competitorId: loss.competitorId ?? null,
        lostReason: loss.lostReason ?? null,
        offeredPrice: loss.offeredPrice ?? null,
      });
      await manager.save(followUp);
      await this.refreshLatest(manager, customer);
      return toFollowUpDto(await this.findVisible(manager, actor, followUp.id));
    });
  }

  async update(id: number, dto: UpdateFollowUpDto, actor: Actor): Promise<FollowUpDto> {
    const nulls = (['intention', 'content'] as const).filter((field) => dto[field] === null);
    if (nulls.length) throw new ValidationProblem(nulls.map((field) => ({ field, message: 'must not be null' })));
    const nextFollowUpAt = dto.nextFollowUpAt === undefined ? undefined : this.nextFollowUpAt(dto.nextFollowUpAt);
    return this.dataSource.transaction(async (manager) => {
      const { followUp, customer } = await this.lockWritable(manager, actor, id, dto.version);
      Object.assign(followUp, await lossFields(manager, dto, dto.intention ?? followUp.intention));
      if (dto.intention !== undefined) followUp.intention = dto.intention;
      if (dto.content !== undefined) followUp.content = dto.content;
      if (nextFollowUpAt !== undefined) followUp.nextFollowUpAt = nextFollowUpAt;
      await manager.save(followUp);
      await this.refreshLatest(manager, customer);
      return toFollowUpDto(await this.findVisible(manager, actor, id));
    });
  }

  async remove(id: number, actor: Actor): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      const { followUp, customer } = await this.lockWritable(manager, actor, id);
      await manager.remove(followUp);
      await this.refreshLatest(manager, customer);
    });
  }

  private visible(manager: EntityManager, actor: Actor): SelectQueryBuilder<FollowUp> {
    const qb = manager
      .getRepository(FollowUp)
      .createQueryBuilder('f')
      .innerJoin('f.customer', 'c')
      .addSelect(['c.id', 'c.name'])
      .innerJoin('f.consultant', 's')
      .addSelect(['s.id', 's.name'])
      .leftJoin('f.competitor', 'k')
      .addSelect(['k.id', 'k.name']);
    return scopeToActor(qb, actor, 'c');
  }

  private async findVisible(manager: EntityManager, actor: Actor, id: number): Promise<FollowUp> {
    const followUp = await this.visible(manager, actor).andWhere('f.id = :id', { id }).getOne();
    if (!followUp) throw notFound(id);
    return followUp;
  }

  /**
   * Locks the follow-up and its customer for a change: out of scope is 404; someone else's follow-up needs
   * followups.manage (403); a stale version is 409. Locks come before any plain read (see lockVisibleCustomer).
   */
  private async lockWritable(manager: EntityManager, actor: Actor, id: number, version?: number) {
    let followUp = await loadForUpdate(manager, FollowUp, id, { label: 'Follow-up' });
    const customer = await lockVisibleCustomer(manager, actor, followUp.customerId);
    if (!customer) throw notFound(id);
    if (followUp.consultantId !== actor.id && !actor.can('followups.manage')) {
      throw new ApiProblem(
        HttpStatus.FORBIDDEN,
        `Follow-up ${id} was recorded by someone else; changing it requires permission followups.manage`,
      );
    }
    if (version !== undefined) {
      followUp = await loadForUpdate(manager, FollowUp, id, { expectedVersion: version, label: 'Follow-up' });
    }
    return { followUp, customer };
  }

  /**
   * Copies the latest follow-up's intention, time and planned next contact onto the customer, with the time it
   * falls due (lists and the due list read them through indexes), and the funnel's daily counts. Bookkeeping:
   * the customer's version stays.
   */
  private async refreshLatest(manager: EntityManager, customer: Customer): Promise<void> {
    const latest = await manager
      .getRepository(FollowUp)
      .createQueryBuilder('f')
      .select(['f.id', 'f.intention', 'f.createdAt', 'f.nextFollowUpAt', 'f.competitorId'])
      .where('f.customerId = :customerId', { customerId: customer.id })
      .orderBy('f.createdAt', 'DESC')
      .addOrderBy('f.id', 'DESC')
      .limit(1)
      .getOne();
    const values: LatestFollowUp = {
      latestIntention: latest?.intention ?? null,
      lastFollowUpAt: latest?.createdAt ?? null,
      nextFollowUpAt: latest?.nextFollowUpAt ?? null,
    };
    await updateBookkeeping(manager, Customer, customer.id, {
      ...values,
      followUpDueAt: followUpDueAt(values),
      lostToCompetitorId: lostToCompetitorId(latest ?? null),
    });
    // the funnel counts a customer as followed up while lastFollowUpAt is set
    await tallyCustomerChange(manager, customer, { ...customer, lastFollowUpAt: values.lastFollowUpAt });
  }

  /** Today (in the school's time zone) or later; null clears it. */
  private nextFollowUpAt(value: string | null | undefined): Date | null {
    if (value === undefined || value === null) return null;
    const at = new Date(value);
    if (at < startOfToday(this.config.reportTimezone)) {
      throw new ValidationProblem([{ field: 'nextFollowUpAt', message: 'must be today or later' }]);
    }
    return at;
  }
}
