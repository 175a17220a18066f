import { HttpStatus, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Brackets, DataSource, type SelectQueryBuilder } from 'typeorm';
import type { Actor } from '../common/auth/actor.js';
import { idFromReadableNumber } from '../common/entities/base.entity.js';
import { ApiProblem, ValidationProblem } from '../common/errors/problem.js';
import { AppConfig } from '../config/app-config.js';
import { applyListSearch, applyPage, escapeLike, pageOf, type ListSpec, type Page } from '../common/list/paginate.js';
import { scopeToActor, seesAllCustomers } from './customer-scope.js';
import { toCustomerDto } from './customer-view.js';
import type { CustomerDto, CustomerListQuery, DuplicateMatchDto, DuplicatesQuery, RefDto } from './dto/customer.dto.js';
import { CUSTOMER_NUMBER_PREFIX, Customer } from './entities/customer.entity.js';
import { normaliseSearch } from './normalise.js';
import { applyDateRange } from '../common/time/school-time.js';
import { jsonArrayAgg, parseJsonArray } from '../common/database/sql-dialect.js';

/** Sorting (indexed columns only), the default order and the prefix search of the customer list. */
export const CUSTOMER_LIST: ListSpec = {
  sortable: {
    createdAt: 'c.createdAt',
    name: 'c.name',
    status: 'c.status',
    source: 'c.source',
    lastFollowUpAt: 'c.lastFollowUpAt',
  },
  defaultSort: '-createdAt',
  search: ['c.name', 'c.qq', 'c.qqName', 'c.phone'],
};

const MAX_DUPLICATES = 20;

/** The tags of each row of `CustomerListService.filtered(…).getRawAndEntities()`, by customer id. */
export function tagsOfRows(raw: Record<string, unknown>[]): Map<number, RefDto[]> {
  return new Map(raw.map((row) => [Number(row.c_id), parseJsonArray<RefDto>(row.tags_json)]));
}

/** Customer lists and duplicate checks: read-only queries over many customers. */
@Injectable()
export class CustomerListService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly config: AppConfig,
  ) {}

  /**
   * One page of customers in exactly two statements: the rows (to-one joins for consultant and course, the
   * tags aggregated into one JSON value per row by a correlated subquery) and the total (counted up to
   * LIST_WINDOW). Deep pages are read by cursor: an index range, never an OFFSET scan.
   */
  async list(query: CustomerListQuery, actor: Actor): Promise<Page<CustomerDto>> {
    const qb = this.filtered(query, actor);
    const page = applyPage(qb, { ...query, q: undefined }, CUSTOMER_LIST); // filtered() applied q
    const { entities, raw } = await qb.getRawAndEntities();
    const tagsById = tagsOfRows(raw);
    const { rows, meta } = await pageOf(query, page, entities);
    return { data: rows.map((customer) => toCustomerDto(customer, tagsById.get(customer.id) ?? [])), meta };
  }

  /**
   * The customers `query` selects for `actor`, with the columns a list row shows: the list's filters, `q` and
   * record scope (the WHERE part only; no order, no paging). The list and the export both start here, so they
   * always select the same rows. The rows: to-one joins for consultant and course, and the tags aggregated
   * into one JSON value per row (`tags_json`, read with `tagsOfRows`).
   */
  filtered(query: CustomerListQuery, actor: Actor): SelectQueryBuilder<Customer> {
    if (query.deleted && !actor.can('customers.delete')) {
      throw new ApiProblem(HttpStatus.FORBIDDEN, 'Requires permission customers.delete to list deleted customers');
    }
    const tags = `(SELECT ${jsonArrayAgg(this.dataSource, { id: 't.id', name: 't.name' })} FROM customer_tags ct
      INNER JOIN tag t ON t.id = ct.tag_id WHERE ct.customer_id = c.id)`;
    const qb = this.dataSource
      .getRepository(Customer)
      .createQueryBuilder('c')
      .leftJoin('c.consultant', 'consultant')
      .addSelect(['consultant.id', 'consultant.name'])
      .leftJoin('c.consultCourse', 'course')
      .addSelect(['course.id', 'course.name'])
      .addSelect(tags, 'tags_json');
    scopeToActor(qb, actor, 'c');
    if (query.deleted) qb.withDeleted().andWhere('c.deletedAt IS NOT NULL');
    if (query.status !== undefined) qb.andWhere('c.status = :status', { status: query.status });
    if (query.source !== undefined) qb.andWhere('c.source = :source', { source: query.source });
    if (query.latestIntention !== undefined) {
      qb.andWhere('c.latestIntention = :intention', { intention: query.latestIntention });
    }
    if (query.consultantId !== undefined) {
      qb.andWhere('c.consultantId = :consultantId', { consultantId: query.consultantId });
    }
    if (query.consultCourseId !== undefined) {
      qb.andWhere('c.consultCourseId = :courseId', { courseId: query.consultCourseId });
    }
    if (query.lostToCompetitorId !== undefined) {
      qb.andWhere('c.lostToCompetitorId = :lostTo', { lostTo: query.lostToCompetitorId });
    }
    if (query.tagIds?.length) {
      qb.andWhere('EXISTS (SELECT 1 FROM customer_tags ft WHERE ft.customer_id = c.id AND ft.tag_id IN (:...tagIds))', {
        tagIds: query.tagIds,
      });
    }
    applyDateRange(
      qb,
      'c.createdAt',
      { from: query.createdFrom, to: query.createdTo, fromField: 'createdFrom', toField: 'createdTo' },
      this.config.reportTimezone,
    );
    // a readable number (C-000123) in q finds that customer; anything else prefix-matches name, qq, qqName, phone
    const id = query.q ? idFromReadableNumber(CUSTOMER_NUMBER_PREFIX, query.q) : undefined;
    if (id !== undefined) qb.andWhere('c.id = :numberId', { numberId: id });
    else applyListSearch(qb, normaliseSearch(query.q), CUSTOMER_LIST);
    return qb;
  }

  /**
   * Live customers that a new one would duplicate: exact qq, exact phone, or name prefix. See DuplicateMatchDto
   * for what is shown of customers the caller may not read.
   */
  async duplicates(query: DuplicatesQuery, actor: Actor): Promise<DuplicateMatchDto[]> {
    const { qq, phone, name } = query;
    if (!qq && !phone && !name) {
      throw new ValidationProblem(
        ['qq', 'phone', 'name'].map((field) => ({ field, message: 'give at least one of qq, phone or name' })),
      );
    }
    const all = seesAllCustomers(actor);
    const exact = [qq && 'c.qq = :qq', phone && 'c.phone = :phone'].filter(Boolean).join(' OR ');
    const qb = this.dataSource
      .getRepository(Customer)
      .createQueryBuilder('c')
      .leftJoin('c.consultant', 'consultant')
      .addSelect(['consultant.id', 'consultant.name'])
      .where(
        new Brackets((match) => {
          if (qq) match.orWhere('c.qq = :qq', { qq });
          if (phone) match.orWhere('c.phone = :phone', { phone });
          if (name) {
            const own = all ? '' : ' AND c.consultantId = :me';
            match.orWhere(`(c.name LIKE :name ESCAPE '!'${own})`, { name: `${escapeLike(name)}%`, me: actor.id });
          }
        }),
      )
      .addSelect(exact ? `CASE WHEN ${exact} THEN 0 ELSE 1 END` : '1', 'match_rank')
      .orderBy('match_rank', 'ASC') // exact qq/phone matches before name-prefix ones
      .addOrderBy('c.id', 'ASC')
      .limit(MAX_DUPLICATES);
    const found = await qb.getMany();
    return found.map((c) => {
      const visible = all || c.consultantId === actor.id;
      const matchedOn: DuplicateMatchDto['matchedOn'] = [];
      if (qq && c.qq === qq) matchedOn.push('qq');
      if (phone && c.phone === phone) matchedOn.push('phone');
      if (visible && name && c.name?.toLowerCase().startsWith(name.toLowerCase())) matchedOn.push('name');
      const ownedByYou = c.consultantId === actor.id;
      if (!visible) return { number: c.number, matchedOn, ownedByYou };
      return {
        number: c.number,
        matchedOn,
        ownedByYou,
        id: c.id,
        name: c.name,
        consultantId: c.consultantId,
        consultantName: c.consultant?.name ?? null,
      };
    });
  }
}
