import { HttpStatus, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Staff } from '../auth/entities/staff.entity.js';
import type { Actor } from '../common/auth/actor.js';
import { FeedbackReplyKind, FeedbackStatus as S } from '../common/codes/codes.js';
import { saveEdit } from '../common/entities/load-for-update.js';
import { ApiProblem, ValidationProblem } from '../common/errors/problem.js';
import type {
  AssignFeedbackDto,
  ChangeFeedbackStatusDto,
  CreateFeedbackReplyDto,
  RecordSatisfactionDto,
} from './dto/feedback.dto.js';
import type { FeedbackDto, FeedbackEntryDto } from './dto/feedback-view.dto.js';
import { FeedbackReply } from './entities/feedback-reply.entity.js';
import { addTimelineEvent, lockVisibleTicket } from './feedback-queries.js';
import { FEEDBACK_WORKFLOW, isReopen, RESOLVED_STATUSES } from './feedback-states.js';
import { toFeedbackEntryDto } from './feedback.mapper.js';
import { FeedbackService } from './feedback.service.js';

const key = (status: number) => S.items.find((item) => item.code === status)?.key ?? String(status);

/** Working a ticket: assignment, status changes, replies and satisfaction, each on the ticket's timeline. */
@Injectable()
export class FeedbackWorkflowService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly tickets: FeedbackService,
  ) {}

  /** Assigns the ticket to an active staff member who may work feedback (feedback.write), or unassigns it. */
  assign(id: number, dto: AssignFeedbackDto, actor: Actor): Promise<FeedbackDto> {
    return this.dataSource.transaction(async (manager) => {
      const ticket = await lockVisibleTicket(manager, actor, id, dto.version);
      if (ticket.assigneeId === dto.assigneeId) return this.tickets.view(manager, id); // nothing to change
      const staff = manager.getRepository(Staff);
      let to: Staff | null = null;
      if (dto.assigneeId !== null) {
        to = await staff.findOne({ where: { id: dto.assigneeId }, relations: { roles: true } });
        if (!to?.isActive || !to.roles.some((role) => role.permissions.includes('feedback.write'))) {
          throw new ValidationProblem([
            {
              field: 'assigneeId',
              message: `staff ${dto.assigneeId} is not an active staff member who may work feedback (feedback.write)`,
            },
          ]);
        }
      }
      const from = ticket.assigneeId === null ? null : await staff.findOneBy({ id: ticket.assigneeId });
      ticket.assigneeId = dto.assigneeId;
      await saveEdit(manager, ticket);
      await addTimelineEvent(manager, ticket, actor, 'assign', to ? `Assigned to ${to.name}` : 'Unassigned', {
        fromId: from?.id ?? null,
        from: from?.name ?? null,
        toId: to?.id ?? null,
        to: to?.name ?? null,
      });
      return this.tickets.view(manager, id);
    });
  }

  /**
   * Moves the ticket along open → in progress → resolved → closed, or reopens a resolved or closed ticket
   * (→ in progress, clearing its resolution, satisfaction and resolved/closed times, which the timeline keeps).
   * Resolving needs a resolution; closing needs feedback.manage or being the assignee. The first move to in
   * progress is the first response when no reply to the customer came earlier.
   */
  changeStatus(id: number, dto: ChangeFeedbackStatusDto, actor: Actor): Promise<FeedbackDto> {
    if (dto.status === S.code.resolved && !dto.resolution) {
      throw new ValidationProblem([{ field: 'resolution', message: 'is required to resolve a ticket' }]);
    }
    if (dto.status !== S.code.resolved && dto.resolution !== undefined) {
      throw new ValidationProblem([
        { field: 'resolution', message: `is only taken when resolving (status ${S.code.resolved})` },
      ]);
    }
    return this.dataSource.transaction(async (manager) => {
      const ticket = await lockVisibleTicket(manager, actor, id, dto.version);
      const from = ticket.status;
      FEEDBACK_WORKFLOW.assertMove(from, dto.status);
      if (dto.status === S.code.closed && !actor.can('feedback.manage') && ticket.assigneeId !== actor.id) {
        throw new ApiProblem(
          HttpStatus.FORBIDDEN,
          'Closing a ticket needs permission feedback.manage or being its assignee',
        );
      }
      const now = new Date();
      const details: Record<string, unknown> = { from: key(from), to: key(dto.status) };
      if (isReopen(from, dto.status)) {
        details.previous = {
          resolution: ticket.resolution,
          resolvedAt: ticket.resolvedAt,
          closedAt: ticket.closedAt,
          satisfaction: ticket.satisfaction,
          satisfactionComment: ticket.satisfactionComment,
        };
        Object.assign(ticket, {
          resolution: null,
          resolvedAt: null,
          closedAt: null,
          satisfaction: null,
          satisfactionComment: null,
        });
      }
      if (dto.status === S.code.inProgress) ticket.firstResponseAt ??= now;
      if (dto.status === S.code.resolved) {
        ticket.resolution = dto.resolution!;
        ticket.resolvedAt = now;
        details.resolution = dto.resolution;
      }
      if (dto.status === S.code.closed) ticket.closedAt = now;
      ticket.status = dto.status;
      await saveEdit(manager, ticket);
      await addTimelineEvent(
        manager,
        ticket,
        actor,
        'status',
        `${isReopen(from, dto.status) ? 'Reopened' : 'Status changed'}: ${S.label(from)} → ${S.label(dto.status)}`,
        details,
      );
      return this.tickets.view(manager, id);
    });
  }

  /**
   * An internal note or a reply to the customer. The first reply to the customer is the first response, and
   * answering an open ticket puts it in progress (a timeline event says so).
   */
  reply(id: number, dto: CreateFeedbackReplyDto, actor: Actor): Promise<FeedbackEntryDto> {
    return this.dataSource.transaction(async (manager) => {
      const ticket = await lockVisibleTicket(manager, actor, id);
      const kind = dto.kind ?? FeedbackReplyKind.code.internal;
      const repo = manager.getRepository(FeedbackReply);
      const entry = await repo.save(
        repo.create({ feedbackId: id, authorId: actor.id, kind, content: dto.content, event: null, details: null }),
      );
      if (kind === FeedbackReplyKind.code.customer && (ticket.status === S.code.open || !ticket.firstResponseAt)) {
        if (ticket.status === S.code.open) {
          ticket.status = S.code.inProgress;
          const move = { from: key(S.code.open), to: key(S.code.inProgress) };
          const text = `Status changed: ${S.label(S.code.open)} → ${S.label(S.code.inProgress)} (replied to the customer)`;
          await addTimelineEvent(manager, ticket, actor, 'status', text, move);
        }
        ticket.firstResponseAt ??= new Date();
        await saveEdit(manager, ticket);
      }
      const saved = await repo.findOneOrFail({ where: { id: entry.id }, relations: { author: true } });
      return toFeedbackEntryDto(saved);
    });
  }

  /** The customer's satisfaction (1–5, optional comment): only once the ticket is resolved (or closed). */
  recordSatisfaction(id: number, dto: RecordSatisfactionDto, actor: Actor): Promise<FeedbackDto> {
    return this.dataSource.transaction(async (manager) => {
      const ticket = await lockVisibleTicket(manager, actor, id);
      if (!RESOLVED_STATUSES.includes(ticket.status)) {
        throw new ApiProblem(
          HttpStatus.CONFLICT,
          `Satisfaction can be recorded only after resolution; feedback ${ticket.number} is ${S.label(ticket.status)}`,
          { ticketStatus: key(ticket.status), allowedIn: RESOLVED_STATUSES.map(key) },
        );
      }
      ticket.satisfaction = dto.score;
      ticket.satisfactionComment = dto.comment ?? null;
      await saveEdit(manager, ticket);
      const comment = dto.comment ? `: ${dto.comment}` : '';
      await addTimelineEvent(manager, ticket, actor, 'satisfaction', `Satisfaction ${dto.score}/5${comment}`, {
        score: dto.score,
        comment: dto.comment ?? null,
      });
      return this.tickets.view(manager, id);
    });
  }
}
