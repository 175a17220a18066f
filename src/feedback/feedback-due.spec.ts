import { parseFeedbackTargets } from '../config/feedback-targets.js';
import { dueTimes, overdueSql } from './feedback-due.js';

const targets = parseFeedbackTargets({}); // normal: 24h response, 120h resolution
const HOUR = 3_600_000;
const created = new Date('2026-05-01T00:00:00.000Z');
const at = (hours: number, ms = 0) => new Date(created.getTime() + hours * HOUR + ms);
const ticket = { createdAt: created, priority: 1, firstResponseAt: null, resolvedAt: null };

describe('feedback due times', () => {
  it('adds the hours of the priority to the creation time', () => {
    const due = dueTimes(ticket, targets, at(1));
    expect(due.firstResponseDueAt).toEqual(at(24));
    expect(due.resolutionDueAt).toEqual(at(120));
    expect(dueTimes({ ...ticket, priority: 3 }, targets, at(0)).firstResponseDueAt).toEqual(at(2));
  });

  it('is overdue only strictly after a missing first response or resolution is due', () => {
    expect(dueTimes(ticket, targets, at(24)).overdue).toBe(false);
    expect(dueTimes(ticket, targets, at(24, 1)).overdue).toBe(true);
    const responded = { ...ticket, firstResponseAt: at(30) };
    expect(dueTimes(responded, targets, at(100)).overdue).toBe(false);
    expect(dueTimes(responded, targets, at(120)).overdue).toBe(false);
    expect(dueTimes(responded, targets, at(120, 1)).overdue).toBe(true);
    expect(dueTimes({ ...responded, resolvedAt: at(200) }, targets, at(500)).overdue).toBe(false);
  });

  it('builds the SQL with one bound threshold per priority and target', () => {
    const now = at(0);
    const { sql, params } = overdueSql(targets, now);
    expect(sql).toContain('(f.priority = 3 AND f.createdAt < :fbResponseDue3)');
    expect(sql).toContain('f.resolvedAt IS NULL');
    expect(params.fbResponseDue1).toEqual(at(-24));
    expect(params.fbResolutionDue0).toEqual(at(-240));
    expect(Object.keys(params)).toHaveLength(8);
  });
});
