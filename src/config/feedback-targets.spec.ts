import { loadConfig } from './app-config.js';
import { parseFeedbackTargets } from './feedback-targets.js';

describe('feedback response targets', () => {
  it('defaults to low 48/240, normal 24/120, high 8/48, urgent 2/24 hours (keyed by priority code)', () => {
    expect(parseFeedbackTargets({})).toEqual({
      firstResponseHours: { 0: 48, 1: 24, 2: 8, 3: 2 },
      resolutionHours: { 0: 240, 1: 120, 2: 48, 3: 24 },
    });
    expect(loadConfig({}).feedback.firstResponseHours[3]).toBe(2);
  });

  it('reads the environment; priorities left out keep their default; hours may have decimals', () => {
    const targets = parseFeedbackTargets({
      FEEDBACK_RESPONSE_HOURS: ' urgent : 0.5 , high:4 ',
      FEEDBACK_RESOLUTION_HOURS: 'low:300,normal:100,high:40,urgent:12',
    });
    expect(targets.firstResponseHours).toEqual({ 0: 48, 1: 24, 2: 4, 3: 0.5 });
    expect(targets.resolutionHours).toEqual({ 0: 300, 1: 100, 2: 40, 3: 12 });
  });

  it.each([
    [{ FEEDBACK_RESPONSE_HOURS: 'urgent=2' }, 'FEEDBACK_RESPONSE_HOURS', /priority:hours/],
    [{ FEEDBACK_RESPONSE_HOURS: 'low:48,,high:8' }, 'FEEDBACK_RESPONSE_HOURS', /priority:hours/],
    [
      { FEEDBACK_RESPONSE_HOURS: 'critical:1' },
      'FEEDBACK_RESPONSE_HOURS',
      /unknown priority "critical"; priorities are low, normal, high, urgent/,
    ],
    [{ FEEDBACK_RESPONSE_HOURS: 'low:1,low:2' }, 'FEEDBACK_RESPONSE_HOURS', /twice/],
    [{ FEEDBACK_RESPONSE_HOURS: 'low:0' }, 'FEEDBACK_RESPONSE_HOURS', /more than 0/],
    [{ FEEDBACK_RESOLUTION_HOURS: 'normal:-5' }, 'FEEDBACK_RESOLUTION_HOURS', /priority:hours/],
    [{ FEEDBACK_RESOLUTION_HOURS: 'normal:99999' }, 'FEEDBACK_RESOLUTION_HOURS', /at most 8760/],
    [{ FEEDBACK_RESOLUTION_HOURS: 'urgent:1' }, 'FEEDBACK_RESOLUTION_HOURS', /shorter than its first response/],
  ])('refuses %j with one line naming %s', (env, variable, problem) => {
    expect(() => loadConfig(env)).toThrow(new RegExp(`^Configuration error: ${variable} `));
    expect(() => loadConfig(env)).toThrow(problem);
    try {
      loadConfig(env);
    } catch (error) {
      expect((error as Error).message).not.toContain('\n');
    }
  });
});
