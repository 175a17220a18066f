import type { NextFunction, Request, RequestHandler, Response } from 'express';
import type { DataSource } from 'typeorm';
import { problemOf } from '../adapter/problems.js';
import { actorOf } from '../current-admin.js';
import type { Actor } from '../../common/auth/actor.js';

/** The query string as the API's validation expects it: one string per field (a repeated field keeps its list). */
export const queryOf = (req: Request): Record<string, unknown> => ({ ...(req.query as Record<string, unknown>) });

/**
 * A back-office download (a file, not AdminJS JSON) for the signed-in staff member: admin-router.ts mounts it
 * after the sign-in check. A problem before the file starts (bad filter, missing permission) answers as the
 * API's problem JSON with its status.
 */
export function downloadHandler(
  dataSource: DataSource,
  run: (req: Request, res: Response, actor: Actor) => Promise<void>,
): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => {
    run(req, res, actorOf(req.session.adminUser)).catch((error: unknown) => {
      const problem = problemOf(error, dataSource);
      if (!problem || res.headersSent) return next(error);
      res.status(problem.status).type('application/problem+json').send(JSON.stringify(problem));
    });
  };
}
