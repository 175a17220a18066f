import { HttpStatus, Injectable } from '@nestjs/common';
import { AppConfig } from '../config/app-config.js';
import { ApiProblem } from '../common/errors/problem.js';

/** 429 with a Retry-After header (the problem filter sets it from `retryAfterSeconds`). */
export class TooManyAttempts extends ApiProblem {
  constructor(readonly retryAfterSeconds: number) {
    super(HttpStatus.TOO_MANY_REQUESTS, `Too many failed sign-in attempts; try again in ${retryAfterSeconds} s`);
  }
}

interface Window {
  failures: number;
  resetAt: number;
}

/**
 * Counts failed sign-ins per account and per client IP in fixed windows; over the limit, sign-in is refused
 * before the password is checked. State is per process (several instances: see the multi-instance issue).
 */
@Injectable()
export class LoginThrottle {
  private readonly windows = new Map<string, Window>();

  constructor(private readonly config: AppConfig) {}

  assertAllowed(username: string, ip: string, now = Date.now()): void {
    const { perAccount, perIp } = this.config.loginThrottle;
    for (const [key, limit] of [
      [`u:${username.toLowerCase()}`, perAccount],
      [`ip:${ip}`, perIp],
    ] as const) {
      const window = this.current(key, now);
      if (window && window.failures >= limit) throw new TooManyAttempts(Math.ceil((window.resetAt - now) / 1000));
    }
  }

  recordFailure(username: string, ip: string, now = Date.now()): void {
    for (const key of [`u:${username.toLowerCase()}`, `ip:${ip}`]) {
      const window = this.current(key, now) ?? {
        failures: 0,
        resetAt: now + this.config.loginThrottle.windowSeconds * 1000,
      };
      window.failures += 1;
      this.windows.set(key, window);
    }
    if (this.windows.size > 100_000) this.prune(now);
  }

  recordSuccess(username: string): void {
    this.windows.delete(`u:${username.toLowerCase()}`);
  }

  private current(key: string, now: number): Window | undefined {
    const window = this.windows.get(key);
    if (window && window.resetAt <= now) {
      this.windows.delete(key);
      return undefined;
    }
    return window;
  }

  private prune(now: number): void {
    for (const [key, window] of this.windows) if (window.resetAt <= now) this.windows.delete(key);
  }
}
