import { HttpStatus } from '@nestjs/common';
import {
  buildAssets,
  buildRoutes,
  withLogin,
  withLogout,
  withProtectedRoutesHandler,
  type AuthenticationContext,
} from '@adminjs/express';
import AdminJS, { Router as AdminRoutes } from 'adminjs';
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
import { adminOptions } from './admin-options.js';
import { ADMIN_STYLES, ADMIN_STYLES_PATH } from './admin-styles.js';
import { ADMIN_ROOT } from './back-office.js';
import { toStaffAdmin, type StaffAdmin } from './current-admin.js';
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
 * /admin opens the first list the staff member may see (customers for most) until the back office has a
 * dashboard of its own; AdminJS's built-in one is a page of tips for developers.
 */
function startPage(admin: AdminJS) {
  return (req: Request, res: Response, next: NextFunction) => {
    const href = admin.resources.map((resource) => resource.decorate().getHref(req.session.adminUser!)).find(Boolean);
    return href ? res.redirect(href) : next();
  };
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
  router.use(formidable());
  const auth = { authenticate: authenticate(deps), cookiePassword: config.admin.sessionSecret };
  withLogin(router, admin, auth);
  withLogout(router, admin, auth);
  buildAssets({ admin, assets: AdminRoutes.assets, routes: AdminRoutes.routes, router });
  router.get(ADMIN_STYLES_PATH, (_req, res) => void res.type('text/css').send(ADMIN_STYLES));
  withProtectedRoutesHandler(router, admin);
  router.use(signedInStaff(deps, admin.options.loginPath));
  router.get('/', startPage(admin));
  buildRoutes({ admin, routes: AdminRoutes.routes, router });
  return router;
}
