import type { INestApplication, Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { RequestHandler } from 'express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import helmet from 'helmet';
import { Logger } from 'nestjs-pino';
import { ADMIN_ROOT, BackOffice } from './admin/back-office.js';
import { AppModule } from './app.module.js';
import { requestId } from './common/context/request-id.middleware.js';
import type { AppConfig } from './config/app-config.js';

export const API_PREFIX = 'api/v1';

/** Builds the whole application (used by main.ts and by the e2e tests, so both run the same thing). */
export async function createApp(config: AppConfig, extraModules: Type[] = []): Promise<NestExpressApplication> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config, extraModules), {
    bufferLogs: true,
  });
  app.useLogger(app.get(Logger));
  app.use(requestId);
  app.use(securityHeaders());
  app.set('trust proxy', config.trustProxy);
  // the allow-list decides per request: an origin not on it gets no CORS header at all (not even credentials)
  const allowed = new Set(config.corsOrigins);
  const exposedHeaders = ['Content-Disposition', 'Idempotent-Replayed', 'Retry-After', 'X-Request-Id'];
  app.enableCors((req, callback) =>
    callback(
      null,
      allowed.has(req.header('Origin') ?? '') ? { origin: true, credentials: true, exposedHeaders } : { origin: false },
    ),
  );
  // before Nest's body parsers (registered at init): AdminJS parses its own forms
  app.use(ADMIN_ROOT, app.get(BackOffice).handle);
  app.setGlobalPrefix(API_PREFIX, { exclude: ['health', 'health/ready'] });
  app.enableShutdownHooks();
  setupSwagger(app);
  return app;
}

/**
 * helmet's headers everywhere; AdminJS's pages need inline scripts and styles, so /admin, and only /admin,
 * gets a Content-Security-Policy that allows them. API answers are never cached.
 */
function securityHeaders(): RequestHandler {
  const api = helmet();
  const admin = helmet({
    contentSecurityPolicy: {
      directives: {
        'script-src': ["'self'", "'unsafe-inline'"],
        'style-src': ["'self'", "'unsafe-inline'", 'https:'],
        'font-src': ["'self'", 'data:', 'https:'],
        'img-src': ["'self'", 'data:', 'blob:'],
      },
    },
  });
  const isAdmin = (path: string) => path === ADMIN_ROOT || path.startsWith(`${ADMIN_ROOT}/`);
  return (req, res, next) => {
    if (isAdmin(req.path)) return admin(req, res, next);
    // API answers carry personal data: no browser or proxy keeps a copy
    if (req.path.startsWith(`/${API_PREFIX}/`)) res.setHeader('Cache-Control', 'no-store');
    return api(req, res, next);
  };
}

/** /docs and /docs-json; the document is built on the first request for it, not at start-up (~0.3 s). */
function setupSwagger(app: INestApplication): void {
  const config = new DocumentBuilder()
    .setTitle('EasyCRM API')
    .setDescription(
      'CRM for training schools. Sign in with POST /api/v1/auth/login and send the access token as ' +
        '`Authorization: Bearer …`. Errors are RFC 9457 problem details. Money is integer fen (1/100 CNY).',
    )
    .setVersion('1')
    .addBearerAuth()
    .build();
  SwaggerModule.setup('docs', app, () => SwaggerModule.createDocument(app, config), { jsonDocumentUrl: 'docs-json' });
}
