import { applyDateRange } from '../common/time/school-time.js';
import { HttpStatus, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, SelectQueryBuilder } from 'typeorm';
import type { Actor } from '../common/auth/actor.js';
import { FeedbackPriority, FeedbackStatus } from '../common/codes/codes.js';
import { idFromReadableNumber } from '../common/entities/base.entity.js';
import { saveEdit } from '../common/entities/load-for-update.js';
import { ApiProblem, ValidationProblem } from '../common/errors/problem.js';
import { applyListSearch, applyPage, pageRows, type ListSpec } from '../common/list/paginate.js';
import { AppConfig } from '../config/app-config.js';
import { Enrollment } from '../enrollment/entities/enrollment.entity.js';
import { SchoolClass } from '../teaching/entities/school-class.entity.js';
import type {
  CreateFeedbackDto,
  CustomerFeedbackQuery,
  FeedbackListQuery,
  UpdateFeedbackDto,
} from './dto/feedback.dto.js';
import type { FeedbackDetailDto, FeedbackDto, FeedbackPage } from './dto/feedback-view.dto.js';
import { FeedbackReply } from './entities/feedback-reply.entity.js';
import { FEEDBACK_NUMBER_PREFIX, Feedback } from './entities/feedback.entity.js';
import { overdueSql } from './feedback-due.js';
import { toFeedbackDto, toFeedbackEntryDto } from './feedback.mapper.js';
import { lockVisibleTicket, ticketQuery } from './feedback-queries.js';
import { customerForNewFeedback, findFeedbackCustomer } from './feedback-scope.js';

export const FEEDBACK_LIST: ListSpec = {
  sortable: { createdAt: 'f.createdAt', priority: 'f.priority', status: 'f.status' },
  defaultSort: '-createdAt',
  search: ['f.title'],
};

/** Service feedback tickets: record, list, read, edit, delete. The workflow lives in FeedbackWorkflowService. */
@Injectable()
export class FeedbackService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly config: AppConfig,
  ) {}

  /**
   * One page with `meta.countsByStatus` over the same filters except status. Two queries: the counts per
   * status (whose sum, or the filtered status's count, is the total) and the page itself.
   */
  async list(query: FeedbackListQuery, actor: Actor): Promise<FeedbackPage> {
    const now = new Date();
    const counting = this.where(ticketQuery(this.dataSource.manager, actor, false), query, now);
    const rows: { status: unknown; n: unknown }[] = await counting
      .select('f.status', 'status')
      .addSelect('COUNT(*)', 'n')
      .groupBy('f.status')
      .getRawMany();
    const countsByStatus = Object.fromEntries(FeedbackStatus.values.map((code) => [String(code), 0]));
    for (const row of rows) countsByStatus[String(Number(row.status))] = Number(row.n);
    const total =
      query.status === undefined
        ? Object.values(countsByStatus).reduce((sum, n) => sum + n, 0)
        : countsByStatus[String(query.status)];

    const qb = this.filtered(query, actor, now);
    const page = applyPage(qb, { ...query, q: undefined }, FEEDBACK_LIST);
    const { rows: tickets, next } = pageRows(query, page, await qb.getMany());
    return {
      data: tickets.map((f) => toFeedbackDto(f, this.config.feedback, now)),
      meta: { page: query.page, pageSize: query.pageSize, total, totalCapped: false, next, countsByStatus },
    };
  }

  /** The customer overview's tickets: 404 when the actor may not see the customer. */
  async listForCustomer(customerId: number, query: CustomerFeedbackQuery, actor: Actor): Promise<FeedbackPage> {
    await findFeedbackCustomer(this.dataSource.manager, actor, customerId);
    return this.list(Object.assign(query, { customerId }) as FeedbackListQuery, actor);
  }

  /** The ticket with its timeline (replies, notes and events, oldest first). */
  async get(id: number, actor: Actor): Promise<FeedbackDetailDto> {
    const ticket = await ticketQuery(this.dataSource.manager, actor, true).andWhere('f.id = :id', { id }).getOne();
    if (!ticket) throw new ApiProblem(HttpStatus.NOT_FOUND, `Feedback ${id} does not exist`);
    const entries = await this.dataSource.getRepository(FeedbackReply).find({
      where: { feedbackId: id },
      relations: { author: true },
      order: { createdAt: 'ASC', id: 'ASC' },
    });
    return { ...toFeedbackDto(ticket, this.config.feedback, new Date()), timeline: entries.map(toFeedbackEntryDto) };
  }

  create(dto: CreateFeedbackDto, actor: Actor): Promise<FeedbackDto> {
    return this.dataSource.transaction(async (manager) => {
      const customer = await customerForNewFeedback(manager, actor, dto.customerId);
      const { enrollmentId, classId } = await this.subject(manager, customer.id, dto);
      const ticket = manager.getRepository(Feedback).create({
        customerId: customer.id,
        enrollmentId,
        classId,
        type: dto.type,
        channel: dto.channel,
        priority: dto.priority ?? FeedbackPriority.code.normal,
        status: FeedbackStatus.code.open,
        title: dto.title,
        content: dto.content,
        assigneeId: null,
        createdById: actor.id,
      });
      await manager.save(ticket);
      return this.view(manager, ticket.id);
    });
  }

  /** Edits title, content, type, channel or priority; a closed ticket must be reopened first. */
  update(id: number, dto: UpdateFeedbackDto, actor: Actor): Promise<FeedbackDto> {
    return this.dataSource.transaction(async (manager) => {
      const ticket = await lockVisibleTicket(manager, actor, id, dto.version);
      if (ticket.status === FeedbackStatus.code.closed) {
        throw new ApiProblem(HttpStatus.CONFLICT, `Feedback ${ticket.number} is closed; reopen it to edit it`);
      }
      const { version: _version, ...fields } = dto;
      Object.assign(ticket, fields);
      await saveEdit(manager, ticket);
      return this.view(manager, id);
    });
  }

  /**
   * Hard delete, for tickets recorded by mistake: only while still open and without replies or notes (its
   * events, e.g. an assignment, go with it). Anything else is 409: a worked ticket is closed, not deleted.
   */
  async remove(id: number, actor: Actor): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      const ticket = await lockVisibleTicket(manager, actor, id);
      if (ticket.status !== FeedbackStatus.code.open) {
        throw new ApiProblem(
          HttpStatus.CONFLICT,
          `Feedback ${ticket.number} is ${FeedbackStatus.label(ticket.status)}; only open tickets without replies can be deleted (close it instead)`,
        );
      }
      const entries = await manager.getRepository(FeedbackReply).findBy({ feedbackId: id });
      const replies = entries.filter((entry) => entry.event === null).length;
      if (replies) {
        throw new ApiProblem(
          HttpStatus.CONFLICT,
          `Feedback ${ticket.number} has ${replies} repl${replies === 1 ? 'y' : 'ies'}; only open tickets without replies can be deleted (close it instead)`,
        );
      }
      if (entries.length) await manager.remove(entries);
      await manager.remove(ticket);
    });
  }

  /** The ticket as answered after a write, read in the writer's transaction. */
  async view(manager: EntityManager, id: number): Promise<FeedbackDto> {
    const ticket = await ticketQuery(manager, null, true).andWhere('f.id = :id', { id }).getOneOrFail();
    return toFeedbackDto(ticket, this.config.feedback, new Date());
  }

  /**
   * The tickets `query` selects for `actor` (every filter, `q` and record scope; no order, no paging), with
   * customer, assignee and creator. The list's page and the export both start here.
   */
  filtered(query: FeedbackListQuery, actor: Actor, now = new Date()): SelectQueryBuilder<Feedback> {
    const qb = this.where(ticketQuery(this.dataSource.manager, actor, true), query, now);
    if (query.status !== undefined) qb.andWhere('f.status = :status', { status: query.status });
    return qb;
  }

  /** Every filter except status (the list counts per status), then `q`: a title prefix or a number (F-000042). */
  private where(qb: SelectQueryBuilder<Feedback>, query: FeedbackListQuery, now: Date): SelectQueryBuilder<Feedback> {
    if (query.type !== undefined) qb.andWhere('f.type = :type', { type: query.type });
    if (query.priority !== undefined) qb.andWhere('f.priority = :priority', { priority: query.priority });
    if (query.assigneeId !== undefined) qb.andWhere('f.assigneeId = :assigneeId', { assigneeId: query.assigneeId });
    if (query.customerId !== undefined) qb.andWhere('f.customerId = :customerId', { customerId: query.customerId });
    applyDateRange(
      qb,
      'f.createdAt',
      { from: query.createdFrom, to: query.createdTo, fromField: 'createdFrom', toField: 'createdTo' },
      this.config.reportTimezone,
    );
    if (query.overdue !== undefined) {
      const { sql, params } = overdueSql(this.config.feedback, now);
      qb.andWhere(query.overdue ? sql : `NOT ${sql}`, params);
    }
    const numbered = query.q ? idFromReadableNumber(FEEDBACK_NUMBER_PREFIX, query.q) : undefined;
    if (numbered !== undefined) return qb.andWhere('f.id = :numbered', { numbered });
    return applyListSearch(qb, query.q, FEEDBACK_LIST);
  }

  /** The optional enrollment (of this customer) and class; the enrollment's class fills in a missing class. */
  private async subject(
    manager: EntityManager,
    customerId: number,
    dto: CreateFeedbackDto,
  ): Promise<{ enrollmentId: number | null; classId: number | null }> {
    const classId = dto.classId ?? null;
    if (dto.enrollmentId) {
      const enrollment = await manager.getRepository(Enrollment).findOneBy({ id: dto.enrollmentId });
      if (!enrollment || enrollment.customerId !== customerId) {
        throw new ValidationProblem([
          { field: 'enrollmentId', message: `customer ${customerId} has no enrollment with id ${dto.enrollmentId}` },
        ]);
      }
      if (classId !== null && classId !== enrollment.classId) {
        throw new ValidationProblem([
          {
            field: 'classId',
            message: `enrollment ${enrollment.id} is in class ${enrollment.classId}, not ${classId}`,
          },
        ]);
      }
      return { enrollmentId: enrollment.id, classId: enrollment.classId };
    }
    if (classId !== null && !(await manager.getRepository(SchoolClass).existsBy({ id: classId }))) {
      throw new ValidationProblem([{ field: 'classId', message: `no class with id ${classId}` }]);
    }
    return { enrollmentId: null, classId };
  }
}
