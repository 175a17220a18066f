import { EnrollmentStatus as S } from '../codes/codes.js';
import { Workflow } from './workflow.js';

const flow = new Workflow(S, {
  [S.code.pending]: [S.code.agreed, S.code.cancelled],
  [S.code.agreed]: [S.code.approved, S.code.rejected, S.code.cancelled],
});

describe('Workflow', () => {
  it('allows the listed moves', () => {
    expect(flow.canMove(S.code.pending, S.code.agreed)).toBe(true);
    expect(() => flow.assertMove(S.code.agreed, S.code.approved)).not.toThrow();
  });

  it('refuses other moves with 409 naming the allowed ones', () => {
    try {
      flow.assertMove(S.code.pending, S.code.approved);
      throw new Error('should have thrown');
    } catch (error) {
      const problem = error as { getStatus(): number; getResponse(): Record<string, unknown> };
      expect(problem.getStatus()).toBe(409);
      expect(problem.getResponse()).toMatchObject({
        from: 'pending',
        to: 'approved',
        allowed: ['agreed', 'cancelled'],
      });
    }
    expect(flow.canMove(S.code.approved, S.code.pending)).toBe(false);
    expect(flow.allowedFrom(S.code.cancelled)).toEqual([]);
  });
});
