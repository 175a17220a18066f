import { HttpStatus } from '@nestjs/common';
import type { EntityManager, SelectQueryBuilder } from 'typeorm';
import type { Actor } from '../common/auth/actor.js';
import { FeedbackReplyKind } from '../common/codes/codes.js';
import { loadForUpdate } from '../common/entities/load-for-update.js';
import { ApiProblem } from '../common/errors/problem.js';
import { FeedbackReply } from './entities/feedback-reply.entity.js';
import { Feedback } from './entities/feedback.entity.js';
import { scopeFeedback } from './feedback-scope.js';

/**
 * Tickets (`f`) joined to their customer (`c`, soft-deleted customers excluded), scoped to the actor. With
 * `select`, also loads what the answer shows: customer name, assignee and creator names (to-one joins only).
 */
export function ticketQuery(
  manager: EntityManager,
  actor: Actor | null,
  select: boolean,
): SelectQueryBuilder<Feedback> {
  const qb = manager.getRepository(Feedback).createQueryBuilder('f');
  if (select) {
    qb.innerJoin('f.customer', 'c')
      .addSelect(['c.id', 'c.name'])
      .leftJoin('f.assignee', 'a')
      .addSelect(['a.id', 'a.name'])
      .leftJoin('f.createdBy', 'cb')
      .addSelect(['cb.id', 'cb.name']);
  } else {
    qb.innerJoin('f.customer', 'c');
  }
  return actor ? scopeFeedback(qb, actor) : qb;
}

/**
 * Locks a ticket the actor may see for a change. A ticket outside the actor's scope answers 404 whatever
 * version was sent, so scope does not reveal which tickets exist; then a stale version is a 409.
 */
export async function lockVisibleTicket(
  manager: EntityManager,
  actor: Actor,
  id: number,
  expectedVersion?: number,
): Promise<Feedback> {
  const visible = await ticketQuery(manager, actor, false).andWhere('f.id = :id', { id }).getExists();
  if (!visible) throw new ApiProblem(HttpStatus.NOT_FOUND, `Feedback ${id} does not exist`);
  return loadForUpdate(manager, Feedback, id, { expectedVersion, label: 'Feedback' });
}

/** Adds an event (status change, assignment, satisfaction) to the ticket's timeline: who and when. */
export function addTimelineEvent(
  manager: EntityManager,
  ticket: Feedback,
  actor: Actor,
  event: string,
  content: string,
  details: Record<string, unknown>,
): Promise<FeedbackReply> {
  const entry = manager.getRepository(FeedbackReply).create({
    feedbackId: ticket.id,
    authorId: actor.id,
    kind: FeedbackReplyKind.code.internal,
    content,
    event,
    details,
  });
  return manager.save(entry);
}
