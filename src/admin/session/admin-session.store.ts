import { Injectable, Logger, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import session, { type SessionData } from 'express-session';
import { DataSource, LessThan } from 'typeorm';
import { AppConfig } from '../../config/app-config.js';
import { AdminSession } from './admin-session.entity.js';

const PRUNE_EVERY_MS = 15 * 60 * 1000;

type Done = (err?: unknown) => void;

/**
 * express-session's store over the admin_session table: works on SQLite and MySQL (upsert), so sessions
 * survive restarts and are shared by every instance. Expired sessions are never returned and are pruned
 * every 15 minutes; the timer stops when the application shuts down.
 */
@Injectable()
export class AdminSessionStore extends session.Store implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger('AdminSessions');
  private timer?: NodeJS.Timeout;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly config: AppConfig,
  ) {
    super();
  }

  onModuleInit(): void {
    this.timer = setInterval(
      () => void this.prune().catch((err) => this.logger.warn({ err }, 'Prune failed')),
      PRUNE_EVERY_MS,
    );
    this.timer.unref();
  }

  onModuleDestroy(): void {
    clearInterval(this.timer);
  }

  override get(sid: string, callback: (err: unknown, session?: SessionData | null) => void): void {
    this.repo
      .findOneBy({ sid })
      .then((row) => callback(null, row && row.expiresAt > new Date() ? (JSON.parse(row.data) as SessionData) : null))
      .catch((err) => callback(err));
  }

  override set(sid: string, data: SessionData, callback: Done = () => undefined): void {
    this.repo
      .upsert({ sid, data: JSON.stringify(data), expiresAt: this.expiry(data) }, ['sid'])
      .then(() => callback())
      .catch(callback);
  }

  override destroy(sid: string, callback: Done = () => undefined): void {
    this.repo
      .delete({ sid })
      .then(() => callback())
      .catch(callback);
  }

  override touch(sid: string, data: SessionData, callback: Done = () => undefined): void {
    this.repo
      .update({ sid }, { expiresAt: this.expiry(data) })
      .then(() => callback())
      .catch(callback);
  }

  /** Deletes expired sessions; returns how many. */
  async prune(now = new Date()): Promise<number> {
    return (await this.repo.delete({ expiresAt: LessThan(now) })).affected ?? 0;
  }

  private get repo() {
    return this.dataSource.getRepository(AdminSession);
  }

  private expiry(data: SessionData): Date {
    const expires = data.cookie?.expires;
    return expires ? new Date(expires) : new Date(Date.now() + this.config.admin.sessionTtlSeconds * 1000);
  }
}
