import { HttpStatus } from '@nestjs/common';
import {
  buildAssets,
  buildRoutes,
  withLogin,
  withLogout,
  withProtectedRoutesHandler,
  type AuthenticationContext,
} from '@adminjs/express';
import AdminJS, { ForbiddenError, NotFoundError, Router as AdminRoutes } from 'adminjs';
import express, { type NextFunction, type Request, type Response } from 'express';
import formidable from 'express-formidable';
import session from 'express-session';
import { CLS_ID, type ClsService } from 'nestjs-cls';
import type { DataSource } from 'typeorm';
import type { AccessService } from '../auth/access.service.js';
import type { AuthService } from '../auth/auth.service.js';
import type { RequestContext } from '../common/context/request-context.js';
import type { AppConfig } from '../config/app-config.js';
import type { Resolve } from './adapter/resource-spec.js';
import { problemOf } from './adapter/problems.js';
import { problemBody } from '../common/errors/problem.js';
import { MAX_IMPORT_BYTES } from '../customers/import/customer-import.controller.js';
import { adminOptions } from './admin-options.js';
import { ADMIN_STYLES, ADMIN_STYLES_PATH } from './admin-styles.js';
import { ADMIN_ROOT } from './back-office.js';
import { toStaffAdmin, type StaffAdmin } from './current-admin.js';
import { downloadsRouter, uploadsRouter } from './downloads/downloads-router.js';
import type { AdminSessionStore } from './session/admin-session.store.js';

declare module 'express-session' {
  interface SessionData {
    adminUser?: StaffAdmin;
  }
}

export interface BackOfficeDeps {
  resolve: Resolve;
  dataSource: DataSource;
  config: AppConfig;
  store: AdminSessionStore;
  cls: ClsService<RequestContext>;
  access: AccessService;
  auth: AuthService;
}

export const SESSION_COOKIE = 'easycrm.admin';

const regenerate = (req: Request) =>
  new Promise<void>((resolve, reject) => req.session.regenerate((err) => (err ? reject(err) : resolve())));

/**
 * The API's password check (AuthService: throttling, disabled accounts) behind AdminJS's login form. A wrong
 * password is AdminJS's "invalid credentials"; a disabled account or too many attempts shows the API's message.
 * The session id is replaced at sign-in, so a session id planted before it is worthless.
 */
function authenticate({ auth, access, dataSource }: BackOfficeDeps) {
  return async (username: string, password: string, context?: AuthenticationContext): Promise<StaffAdmin | null> => {
    const req = context!.req;
    let staffId: number;
    try {
      staffId = (await auth.verifyCredentials(String(username ?? ''), String(password ?? ''), req.ip ?? 'unknown')).id;
    } catch (error) {
      const problem = problemOf(error, dataSource);
      if (problem?.status === HttpStatus.UNAUTHORIZED) return null;
      throw new Error(problem?.detail ?? 'Sign-in failed');
    }
    const actor = await access.actorFor(staffId);
    if (!actor) return null;
    await regenerate(req);
    return toStaffAdmin(actor);
  };
}

/**
 * After AdminJS's own check that someone is signed in: loads that staff member again (a disabled account is
 * signed out on its next request, a changed role applies at once) and runs the request with them as the
 * actor of the request context, so the audit log names them.
 */
function signedInStaff({ access, cls }: BackOfficeDeps, loginPath: string) {
  return (req: Request, res: Response, next: NextFunction) => {
    const staffId = Number(req.session.adminUser?.id);
    access.actorFor(staffId).then((actor) => {
      if (!actor) return req.session.destroy(() => res.redirect(loginPath));
      req.session.adminUser = toStaffAdmin(actor);
      cls.runWith({ [CLS_ID]: (req as Request & { id?: string }).id, actorId: actor.id }, () => next());
    }, next);
  };
}

/**
 * Parses forms (AdminJS's are multipart) for signed-in staff and the sign-in form only, so an anonymous upload is
 * never written to disk; files stop at the largest upload staff send (an import file), beyond which it is a 413.
 */
function staffForms() {
  const parse = formidable({ maxFileSize: MAX_IMPORT_BYTES });
  const forms = (req: Request, res: Response, next: NextFunction) =>
    req.session.adminUser || req.path === '/login' ? parse(req, res, next) : next();
  const tooLarge = (error: Error, _req: Request, res: Response, next: NextFunction) =>
    /maxFileSize/.test(error?.message ?? '')
      ? void res
          .status(HttpStatus.PAYLOAD_TOO_LARGE)
          .type('application/problem+json')
          .send(JSON.stringify(problemBody(HttpStatus.PAYLOAD_TOO_LARGE, 'The file is too large')))
      : next(error);
  return [forms, tooLarge];
}

/**
 * AdminJS's own refusals that its API lets escape rather than answer as a notice (a bulk action on records the staff
 * member cannot see throws NotFoundError): answered with their status in the problem shape, not as a 500.
 */
function adminRefusals(error: unknown, _req: Request, res: Response, next: NextFunction) {
  if (!(error instanceof NotFoundError || error instanceof ForbiddenError) || res.headersSent) return next(error);
  const status = error instanceof NotFoundError ? HttpStatus.NOT_FOUND : HttpStatus.FORBIDDEN;
  const detail = error instanceof NotFoundError ? 'The records cannot be found' : 'You cannot perform this action';
  res
    .status(status)
    .type('application/problem+json')
    .send(JSON.stringify(problemBody(status, detail)));
}

/** AdminJS and the Express router that serves it at /admin: sign-in, sessions in the database, the pages. */
export async function buildBackOffice(deps: BackOfficeDeps): Promise<express.Router> {
  const { config, store } = deps;
  const admin = new AdminJS(adminOptions(deps.resolve, deps.dataSource));
  await admin.initialize();
  const router = express.Router();
  router.use(
    session({
      store,
      name: SESSION_COOKIE,
      secret: config.admin.sessionSecret,
      resave: false,
      saveUninitialized: false,
      cookie: {
        path: ADMIN_ROOT,
        httpOnly: true,
        sameSite: 'lax',
        secure: config.admin.cookieSecure,
        maxAge: config.admin.sessionTtlSeconds * 1000,
      },
    }),
  );
  router.use(staffForms());
  const auth = { authenticate: authenticate(deps), cookiePassword: config.admin.sessionSecret };
  withLogin(router, admin, auth);
  withLogout(router, admin, auth);
  buildAssets({ admin, assets: AdminRoutes.assets, routes: AdminRoutes.routes, router });
  router.get(ADMIN_STYLES_PATH, (_req, res) => void res.type('text/css').send(ADMIN_STYLES));
  withProtectedRoutesHandler(router, admin);
  router.use(signedInStaff(deps, admin.options.loginPath));
  router.use('/downloads', downloadsRouter(deps.resolve, deps.dataSource));
  router.use('/uploads', uploadsRouter(deps.resolve, deps.dataSource));
  buildRoutes({ admin, routes: AdminRoutes.routes, router });
  router.use(adminRefusals);
  return router;
}
