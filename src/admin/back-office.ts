import { Injectable, Logger, type Type } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { InjectDataSource } from '@nestjs/typeorm';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { ClsService } from 'nestjs-cls';
import { DataSource } from 'typeorm';
import { AccessService } from '../auth/access.service.js';
import { AuthService } from '../auth/auth.service.js';
import type { RequestContext } from '../common/context/request-context.js';
import { AppConfig } from '../config/app-config.js';
import { usePrebuiltBundle } from './bundle-location.js';
import { AdminSessionStore } from './session/admin-session.store.js';

/** Where the back office is served. */
export const ADMIN_ROOT = '/admin';

/**
 * The AdminJS back office at /admin, loaded lazily: AdminJS is large (importing it takes 1.5–3 s), so the API
 * starts without it and main.ts calls start() right after the server listens. A request to /admin that comes
 * earlier waits for it. This file imports nothing of AdminJS; admin-router.ts does, and is imported on start.
 */
@Injectable()
export class BackOffice {
  private readonly logger = new Logger('BackOffice');
  private router?: RequestHandler;
  private loading?: Promise<void>;

  constructor(
    private readonly moduleRef: ModuleRef,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly config: AppConfig,
    private readonly store: AdminSessionStore,
    private readonly cls: ClsService<RequestContext>,
    private readonly access: AccessService,
    private readonly auth: AuthService,
  ) {}

  /** Express middleware for /admin. */
  readonly handle = (req: Request, res: Response, next: NextFunction): void => {
    if (this.router) return void this.router(req, res, next);
    if (!this.config.admin.enabled) {
      return void res
        .status(404)
        .type('text/plain')
        .send('The back office is not served by this process (BACK_OFFICE=false).');
    }
    this.start().then(
      () => this.router!(req, res, next),
      () => void res.status(503).type('text/plain').send('The back office failed to start; see the server log.'),
    );
  };

  /** Loads AdminJS and builds the back office, once; resolves when /admin is ready. */
  start(): Promise<void> {
    this.loading ??= this.load().catch((error: Error) => {
      this.logger.error({ err: error }, 'The back office failed to start');
      this.loading = undefined;
      throw error;
    });
    return this.loading;
  }

  private async load(): Promise<void> {
    const started = Date.now();
    usePrebuiltBundle();
    const { buildBackOffice } = await import('./admin-router.js');
    this.router = await buildBackOffice({
      resolve: <T>(type: Type<T>) => this.moduleRef.get(type, { strict: false }),
      dataSource: this.dataSource,
      config: this.config,
      store: this.store,
      cls: this.cls,
      access: this.access,
      auth: this.auth,
    });
    this.logger.log(`Back office ready at /admin in ${Date.now() - started} ms`);
  }
}
