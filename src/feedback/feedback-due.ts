import { FeedbackPriority } from '../common/codes/codes.js';
import type { FeedbackTargets, HoursByPriority } from '../config/feedback-targets.js';

const HOUR_MS = 3_600_000;

export interface DueTimes {
  firstResponseDueAt: Date;
  resolutionDueAt: Date;
  overdue: boolean;
}

interface Timed {
  createdAt: Date;
  priority: number;
  firstResponseAt: Date | null;
  resolvedAt: Date | null;
}

const after = (from: Date, hours: number) => new Date(from.getTime() + Math.round(hours * HOUR_MS));

/**
 * Due times of a ticket, and whether it is overdue at `now`: the first response is missing past its due time,
 * or the ticket is unresolved past its resolution due time. Exactly at the due time it is not overdue yet.
 */
export function dueTimes(ticket: Timed, targets: FeedbackTargets, now: Date): DueTimes {
  const firstResponseDueAt = after(ticket.createdAt, targets.firstResponseHours[ticket.priority]);
  const resolutionDueAt = after(ticket.createdAt, targets.resolutionHours[ticket.priority]);
  const overdue =
    (!ticket.firstResponseAt && now.getTime() > firstResponseDueAt.getTime()) ||
    (!ticket.resolvedAt && now.getTime() > resolutionDueAt.getTime());
  return { firstResponseDueAt, resolutionDueAt, overdue };
}

/**
 * The same rule as SQL over the ticket alias `f`: per priority, "created before now − hours" (one range on
 * created_at per priority, OR-ed, so the created_at and priority indexes can serve it). Priority codes are
 * constants from the code table; the thresholds are bound parameters.
 */
export function overdueSql(
  targets: FeedbackTargets,
  now: Date,
  alias = 'f',
): { sql: string; params: Record<string, Date> } {
  const params: Record<string, Date> = {};
  const late = (hours: HoursByPriority, name: string) =>
    FeedbackPriority.values
      .map((priority) => {
        params[`${name}${priority}`] = after(now, -hours[priority]);
        return `(${alias}.priority = ${Number(priority)} AND ${alias}.createdAt < :${name}${priority})`;
      })
      .join(' OR ');
  const sql =
    `((${alias}.firstResponseAt IS NULL AND (${late(targets.firstResponseHours, 'fbResponseDue')}))` +
    ` OR (${alias}.resolvedAt IS NULL AND (${late(targets.resolutionHours, 'fbResolutionDue')})))`;
  return { sql, params };
}
