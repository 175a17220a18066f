import { HttpException } from '@nestjs/common';
import { FeedbackStatus as S } from '../common/codes/codes.js';
import { FEEDBACK_WORKFLOW, isReopen } from './feedback-states.js';

describe('feedback workflow', () => {
  it('allows open → in progress → resolved → closed, and reopening resolved or closed tickets', () => {
    expect(FEEDBACK_WORKFLOW.allowedFrom(S.code.open)).toEqual([S.code.inProgress]);
    expect(FEEDBACK_WORKFLOW.allowedFrom(S.code.inProgress)).toEqual([S.code.resolved]);
    expect(FEEDBACK_WORKFLOW.allowedFrom(S.code.resolved)).toEqual([S.code.closed, S.code.inProgress]);
    expect(FEEDBACK_WORKFLOW.allowedFrom(S.code.closed)).toEqual([S.code.inProgress]);
    expect(isReopen(S.code.closed, S.code.inProgress)).toBe(true);
    expect(isReopen(S.code.open, S.code.inProgress)).toBe(false);
  });

  it('refuses open → closed with 409 naming the allowed moves', () => {
    try {
      FEEDBACK_WORKFLOW.assertMove(S.code.open, S.code.closed);
      throw new Error('expected a conflict');
    } catch (error) {
      expect((error as HttpException).getStatus()).toBe(409);
      expect((error as HttpException).getResponse()).toMatchObject({
        from: 'open',
        to: 'closed',
        allowed: ['inProgress'],
      });
    }
  });
});
