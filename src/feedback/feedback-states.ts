import { FeedbackStatus as S } from '../common/codes/codes.js';
import { Workflow } from '../common/workflow/workflow.js';

/** open → in progress → resolved → closed; resolved or closed can be reopened (→ in progress). */
export const FEEDBACK_WORKFLOW = new Workflow(S, {
  [S.code.open]: [S.code.inProgress],
  [S.code.inProgress]: [S.code.resolved],
  [S.code.resolved]: [S.code.closed, S.code.inProgress],
  [S.code.closed]: [S.code.inProgress],
});

/** Statuses in which the ticket has a resolution (satisfaction can be recorded). */
export const RESOLVED_STATUSES: readonly number[] = [S.code.resolved, S.code.closed];

/** A move back to in progress from a resolved or closed ticket. */
export const isReopen = (from: number, to: number) => to === S.code.inProgress && RESOLVED_STATUSES.includes(from);
