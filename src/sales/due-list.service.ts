import { HttpStatus, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Brackets, DataSource } from 'typeorm';
import type { Actor } from '../common/auth/actor.js';
import { FollowUpIntention } from '../common/codes/codes.js';
import { ApiProblem } from '../common/errors/problem.js';
import type { Page } from '../common/list/paginate.js';
import { seesAllCustomers } from '../customers/customer-scope.js';
import { Customer } from '../customers/entities/customer.entity.js';
import type { DueFollowUpDto, DueListQuery, DueReason } from './dto/follow-up.dto.js';
import { FollowUp } from './entities/follow-up.entity.js';
import { DAY_MS } from '../common/time/school-time.js';

const WITHIN_TWO_WEEKS = FollowUpIntention.code.withinTwoWeeks;
const WITHIN_MONTH = FollowUpIntention.code.withinMonth;
/** Days after the last follow-up that an intention becomes due. */
const DUE_AFTER_DAYS: Partial<Record<number, [DueReason, number]>> = {
  [WITHIN_TWO_WEEKS]: ['withinTwoWeeks', 14],
  [WITHIN_MONTH]: ['withinMonth', 30],
};

/** The customer's latest follow-up (createdAt, then id), found through the (customer_id, created_at) index. */
const LATEST_FOLLOW_UP =
  'lf.id = (SELECT f2.id FROM customer_follow_up f2 WHERE f2.customer_id = c.id ' +
  'ORDER BY f2.created_at DESC, f2.id DESC LIMIT 1)';

/** SQL for when the customer became due: the earlier of the intention's deadline and nextFollowUpAt. */
function dueAtSql(mysql: boolean): string {
  const plus = (days: number) =>
    mysql ? `DATE_ADD(c.last_follow_up_at, INTERVAL ${days} DAY)` : `datetime(c.last_follow_up_at, '+${days} days')`;
  const byIntention =
    `(CASE c.latest_intention WHEN ${WITHIN_TWO_WEEKS} THEN ${plus(14)} ` +
    `WHEN ${WITHIN_MONTH} THEN ${plus(30)} END)`;
  const next = 'lf.next_follow_up_at';
  return (
    `(CASE WHEN ${byIntention} IS NULL THEN ${next} ` +
    `WHEN ${next} IS NULL OR ${byIntention} <= ${next} THEN ${byIntention} ELSE ${next} END)`
  );
}

type CustomerWithLatest = Customer & { latestFollowUp?: FollowUp | null };

/**
 * A consultant's to-do list: their customers whose latest intention is "within 2 weeks" and last follow-up
 * older than 14 days, "within a month" and older than 30 days, or whose latest follow-up's nextFollowUpAt
 * has passed. Filters on the customer's indexed consultantId, latestIntention and lastFollowUpAt.
 */
@Injectable()
export class DueListService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async list(query: DueListQuery, actor: Actor): Promise<Page<DueFollowUpDto>> {
    const consultantId = query.consultantId ?? actor.id;
    if (consultantId !== actor.id && !seesAllCustomers(actor)) {
      throw new ApiProblem(
        HttpStatus.FORBIDDEN,
        "Another consultant's due list requires permission customers.read_all",
      );
    }
    const now = new Date();
    const mysql = this.dataSource.driver.options.type !== 'better-sqlite3';
    const qb = this.dataSource
      .getRepository(Customer)
      .createQueryBuilder('c')
      .leftJoinAndMapOne('c.latestFollowUp', FollowUp, 'lf', LATEST_FOLLOW_UP)
      .select(['c.id', 'c.name', 'c.phone', 'c.latestIntention', 'c.lastFollowUpAt', 'lf.id', 'lf.nextFollowUpAt'])
      .where('c.consultantId = :consultantId', { consultantId })
      .andWhere(
        new Brackets((due) =>
          due
            .where('(c.latestIntention = :twoWeeks AND c.lastFollowUpAt < :twoWeeksCutoff)')
            .orWhere('(c.latestIntention = :month AND c.lastFollowUpAt < :monthCutoff)')
            .orWhere('lf.nextFollowUpAt < :now'),
        ),
      )
      .setParameters({
        twoWeeks: WITHIN_TWO_WEEKS,
        twoWeeksCutoff: new Date(now.getTime() - 14 * DAY_MS),
        month: WITHIN_MONTH,
        monthCutoff: new Date(now.getTime() - 30 * DAY_MS),
        now,
      });
    const total = await qb.getCount();
    const rows = (await qb
      .addSelect(dueAtSql(mysql), 'due_at')
      .orderBy('due_at', 'ASC')
      .addOrderBy('c.id', 'ASC')
      .offset((query.page - 1) * query.pageSize)
      .limit(query.pageSize)
      .getMany()) as CustomerWithLatest[];
    return {
      data: rows.map((customer) => toDueDto(customer, now)),
      meta: { page: query.page, pageSize: query.pageSize, total },
    };
  }
}

function toDueDto(customer: CustomerWithLatest, now: Date): DueFollowUpDto {
  const lastFollowUpAt = customer.lastFollowUpAt;
  const nextFollowUpAt = customer.latestFollowUp?.nextFollowUpAt ?? null;
  const deadlines: [DueReason, Date][] = [];
  const rule = customer.latestIntention === null ? undefined : DUE_AFTER_DAYS[customer.latestIntention];
  if (rule && lastFollowUpAt) deadlines.push([rule[0], new Date(lastFollowUpAt.getTime() + rule[1] * DAY_MS)]);
  if (nextFollowUpAt) deadlines.push(['nextFollowUpAt', nextFollowUpAt]);
  const passed = deadlines.filter(([, at]) => at < now).sort(([, a], [, b]) => a.getTime() - b.getTime());
  const dueAt = (passed[0] ?? deadlines[0])[1];
  return {
    customerId: customer.id,
    number: customer.number,
    name: customer.name,
    phone: customer.phone,
    latestIntention: customer.latestIntention,
    lastFollowUpAt,
    nextFollowUpAt,
    dueAt,
    overdueDays: Math.max(0, Math.floor((now.getTime() - dueAt.getTime()) / DAY_MS)),
    reasons: passed.map(([reason]) => reason),
  };
}
