import { HttpStatus, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In, LessThanOrEqual } from 'typeorm';
import { onConflictUpdate } from '../common/database/sql-dialect.js';
import { ApiProblem } from '../common/errors/problem.js';
import { AppConfig } from '../config/app-config.js';
import { LoginFailure } from './entities/login-failure.entity.js';

/** 429 with a Retry-After header (the problem filter sets it from `retryAfterSeconds`). */
export class TooManyAttempts extends ApiProblem {
  constructor(readonly retryAfterSeconds: number) {
    super(HttpStatus.TOO_MANY_REQUESTS, `Too many failed sign-in attempts; try again in ${retryAfterSeconds} s`);
  }
}

const PRUNE_EVERY_MS = 60_000;

/**
 * Counts failed sign-ins per account and per client IP in fixed windows; over the limit, sign-in is refused
 * before the password is checked. The counts are rows of login_failure, so every instance of the service sees
 * the same ones; a failure is one atomic upsert.
 */
@Injectable()
export class LoginThrottle {
  private lastPrune = 0;

  constructor(
    private readonly config: AppConfig,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  async assertAllowed(username: string, ip: string, now = Date.now()): Promise<void> {
    const { perAccount, perIp } = this.config.loginThrottle;
    const limits = new Map([
      [accountKey(username), perAccount],
      [ipKey(ip), perIp],
    ]);
    const windows = await this.dataSource.getRepository(LoginFailure).findBy({ subject: In([...limits.keys()]) });
    for (const window of windows) {
      const resetAt = Number(window.resetAtMs);
      if (resetAt > now && window.failures >= limits.get(window.subject)!) {
        throw new TooManyAttempts(Math.ceil((resetAt - now) / 1000));
      }
    }
  }

  async recordFailure(username: string, ip: string, now = Date.now()): Promise<void> {
    const resetAt = now + this.config.loginThrottle.windowSeconds * 1000;
    // a window that has ended starts again at one failure; failures is assigned before reset_at_ms (MySQL order)
    const renew = onConflictUpdate(this.dataSource, ['subject'], (incoming) =>
      [
        'failures = CASE WHEN reset_at_ms > ? THEN failures + 1 ELSE 1 END',
        `reset_at_ms = CASE WHEN reset_at_ms > ? THEN reset_at_ms ELSE ${incoming('reset_at_ms')} END`,
      ].join(', '),
    );
    await this.dataSource.query(
      'INSERT INTO login_failure (subject, failures, reset_at_ms) VALUES (?, 1, ?), (?, 1, ?)' + renew,
      [accountKey(username), resetAt, ipKey(ip), resetAt, now, now],
    );
    if (now - this.lastPrune > PRUNE_EVERY_MS) {
      this.lastPrune = now;
      await this.dataSource.getRepository(LoginFailure).delete({ resetAtMs: LessThanOrEqual(String(now)) });
    }
  }

  async recordSuccess(username: string): Promise<void> {
    await this.dataSource.getRepository(LoginFailure).delete({ subject: accountKey(username) });
  }
}

const accountKey = (username: string) => `u:${username.toLowerCase()}`.slice(0, 191);
const ipKey = (ip: string) => `ip:${ip}`.slice(0, 191);
