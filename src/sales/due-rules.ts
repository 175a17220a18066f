import { FollowUpIntention } from '../common/codes/codes.js';
import { DAY_MS } from '../common/time/school-time.js';
import type { DueReason } from './dto/follow-up.dto.js';

/** Days after the last follow-up that an intention falls due. */
const DUE_AFTER_DAYS: Partial<Record<number, [DueReason, number]>> = {
  [FollowUpIntention.code.withinTwoWeeks]: ['withinTwoWeeks', 14],
  [FollowUpIntention.code.withinMonth]: ['withinMonth', 30],
};

export interface LatestFollowUp {
  latestIntention: number | null;
  lastFollowUpAt: Date | null;
  nextFollowUpAt: Date | null;
}

/**
 * The deadlines a customer's latest follow-up sets, earliest first: "enrol within 2 weeks" falls due 14 days
 * after it, "within a month" 30 days after it, and the planned next contact on its date.
 */
export function followUpDeadlines(latest: LatestFollowUp): [DueReason, Date][] {
  const deadlines: [DueReason, Date][] = [];
  const rule = latest.latestIntention === null ? undefined : DUE_AFTER_DAYS[latest.latestIntention];
  if (rule && latest.lastFollowUpAt) {
    deadlines.push([rule[0], new Date(latest.lastFollowUpAt.getTime() + rule[1] * DAY_MS)]);
  }
  if (latest.nextFollowUpAt) deadlines.push(['nextFollowUpAt', latest.nextFollowUpAt]);
  return deadlines.sort(([, a], [, b]) => a.getTime() - b.getTime());
}

/** When the customer falls due (the earliest deadline), or null when nothing is planned. */
export function followUpDueAt(latest: LatestFollowUp): Date | null {
  return followUpDeadlines(latest)[0]?.[1] ?? null;
}
