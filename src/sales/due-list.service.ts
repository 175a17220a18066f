import { HttpStatus, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { Actor } from '../common/auth/actor.js';
import { ApiProblem } from '../common/errors/problem.js';
import { applyPage, pageOf, type ListSpec, type Page } from '../common/list/paginate.js';
import { DAY_MS } from '../common/time/school-time.js';
import { seesAllCustomers } from '../customers/customer-scope.js';
import { Customer } from '../customers/entities/customer.entity.js';
import { followUpDeadlines } from './due-rules.js';
import type { DueFollowUpDto, DueListQuery } from './dto/follow-up.dto.js';

/** Most overdue first, always (the list takes no sort). */
const DUE_LIST: ListSpec = { sortable: { followUpDueAt: 'c.followUpDueAt' }, defaultSort: 'followUpDueAt' };

/**
 * A consultant's to-do list: their customers whose follow-up has fallen due (see due-rules.ts), most overdue
 * first. The follow-up service keeps `Customer.followUpDueAt`, so this reads one index range
 * (consultant_id, follow_up_due_at) whatever the number of customers.
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
    const qb = this.dataSource
      .getRepository(Customer)
      .createQueryBuilder('c')
      .select([
        'c.id',
        'c.name',
        'c.phone',
        'c.latestIntention',
        'c.lastFollowUpAt',
        'c.nextFollowUpAt',
        'c.followUpDueAt',
      ])
      .where('c.consultantId = :consultantId', { consultantId })
      .andWhere('c.followUpDueAt < :now', { now });
    const page = applyPage(qb, query, DUE_LIST);
    const { rows, meta } = await pageOf(query, page, await qb.getMany());
    return { data: rows.map((customer) => toDueDto(customer, now)), meta };
  }
}

function toDueDto(customer: Customer, now: Date): DueFollowUpDto {
  const dueAt = customer.followUpDueAt!;
  return {
    customerId: customer.id,
    number: customer.number,
    name: customer.name,
    phone: customer.phone,
    latestIntention: customer.latestIntention,
    lastFollowUpAt: customer.lastFollowUpAt,
    nextFollowUpAt: customer.nextFollowUpAt,
    dueAt,
    overdueDays: Math.max(0, Math.floor((now.getTime() - dueAt.getTime()) / DAY_MS)),
    reasons: followUpDeadlines(customer)
      .filter(([, at]) => at < now)
      .map(([reason]) => reason),
  };
}
