import { FeedbackPriority } from '../common/codes/codes.js';
import { ConfigError } from './parse.js';

/** Hours allowed per feedback priority code, e.g. `{ 0: 48, 1: 24, 2: 8, 3: 2 }`. */
export type HoursByPriority = Readonly<Record<number, number>>;

/** Response targets for service feedback: hours from creation to the first response and to resolution. */
export interface FeedbackTargets {
  firstResponseHours: HoursByPriority;
  resolutionHours: HoursByPriority;
}

export const DEFAULT_FEEDBACK_RESPONSE_HOURS = 'low:48,normal:24,high:8,urgent:2';
export const DEFAULT_FEEDBACK_RESOLUTION_HOURS = 'low:240,normal:120,high:48,urgent:24';

/** A year: anything longer is a typo, not a target. */
const MAX_HOURS = 8760;

/**
 * Parses `low:48,normal:24,high:8,urgent:2` (priority keys of the feedbackPriority code table; hours may have
 * decimals, e.g. `urgent:0.5`). Priorities left out keep their default. Bad input is one ConfigError line
 * naming the variable.
 */
export function parseHoursByPriority(env: NodeJS.ProcessEnv, name: string, fallback: string): HoursByPriority {
  const defaults = parseSpec(name, fallback);
  const raw = env[name]?.trim();
  return raw ? { ...defaults, ...parseSpec(name, raw) } : defaults;
}

function parseSpec(name: string, spec: string): Record<number, number> {
  const keys = FeedbackPriority.items.map((item) => item.key);
  const hours: Record<number, number> = {};
  for (const part of spec.split(',')) {
    const match = /^\s*([A-Za-z]+)\s*:\s*(\d+(?:\.\d+)?)\s*$/.exec(part);
    if (!match) {
      throw new ConfigError(name, `must look like ${DEFAULT_FEEDBACK_RESPONSE_HOURS} (priority:hours), got "${spec}"`);
    }
    const [, key, value] = match;
    const item = FeedbackPriority.items.find((i) => i.key === key);
    if (!item) throw new ConfigError(name, `has unknown priority "${key}"; priorities are ${keys.join(', ')}`);
    if (item.code in hours) throw new ConfigError(name, `names priority "${key}" twice`);
    const n = Number(value);
    if (!(n > 0) || n > MAX_HOURS) {
      throw new ConfigError(name, `hours for "${key}" must be more than 0 and at most ${MAX_HOURS}, got ${value}`);
    }
    hours[item.code] = n;
  }
  return hours;
}

/** FEEDBACK_RESPONSE_HOURS and FEEDBACK_RESOLUTION_HOURS; resolution may not come before the first response. */
export function parseFeedbackTargets(env: NodeJS.ProcessEnv): FeedbackTargets {
  const firstResponseHours = parseHoursByPriority(env, 'FEEDBACK_RESPONSE_HOURS', DEFAULT_FEEDBACK_RESPONSE_HOURS);
  const resolutionHours = parseHoursByPriority(env, 'FEEDBACK_RESOLUTION_HOURS', DEFAULT_FEEDBACK_RESOLUTION_HOURS);
  for (const { code, key } of FeedbackPriority.items) {
    if (resolutionHours[code] < firstResponseHours[code]) {
      throw new ConfigError(
        'FEEDBACK_RESOLUTION_HOURS',
        `for "${key}" (${resolutionHours[code]}h) is shorter than its first response target (${firstResponseHours[code]}h, FEEDBACK_RESPONSE_HOURS)`,
      );
    }
  }
  return { firstResponseHours, resolutionHours };
}
