import { FollowUpIntention } from '../common/codes/codes.js';
import { followUpDeadlines, followUpDueAt } from './due-rules.js';

const at = (iso: string) => new Date(iso);

describe('follow-up due rules', () => {
  it('falls due 14 days after "within 2 weeks" and 30 days after "within a month"', () => {
    const last = at('2026-03-01T10:00:00Z');
    expect(
      followUpDueAt({
        latestIntention: FollowUpIntention.code.withinTwoWeeks,
        lastFollowUpAt: last,
        nextFollowUpAt: null,
      }),
    ).toEqual(at('2026-03-15T10:00:00Z'));
    expect(
      followUpDueAt({
        latestIntention: FollowUpIntention.code.withinMonth,
        lastFollowUpAt: last,
        nextFollowUpAt: null,
      }),
    ).toEqual(at('2026-03-31T10:00:00Z'));
  });

  it('takes the planned next contact when it comes first, and nothing when no rule applies', () => {
    const latest = {
      latestIntention: FollowUpIntention.code.withinMonth,
      lastFollowUpAt: at('2026-03-01T10:00:00Z'),
      nextFollowUpAt: at('2026-03-05T02:00:00Z'),
    };
    expect(followUpDeadlines(latest).map(([reason]) => reason)).toEqual(['nextFollowUpAt', 'withinMonth']);
    expect(followUpDueAt(latest)).toEqual(at('2026-03-05T02:00:00Z'));
    expect(
      followUpDueAt({
        latestIntention: FollowUpIntention.code.noPlan,
        lastFollowUpAt: at('2026-03-01T00:00:00Z'),
        nextFollowUpAt: null,
      }),
    ).toBeNull();
  });
});
