import type { PageContext, PageHandler } from 'adminjs';
import type { Response } from 'express';
import type { DataSource } from 'typeorm';
import { problemOf } from '../adapter/problems.js';

/** What a page handler gets of AdminJS's request: the query string of /admin/api/pages/<name>. */
export interface PageRequest {
  query?: Record<string, unknown>;
}

/**
 * A dashboard or page handler answering JSON. A problem a service raises (400 bad range, 403 …) answers with
 * its status and problem body, which the page shows; a bug is passed on to the app's error handler.
 */
export function jsonPageHandler(
  dataSource: DataSource,
  run: (request: PageRequest, context: PageContext) => Promise<unknown>,
): PageHandler {
  return async (request: PageRequest, response: Response, context: PageContext) => {
    try {
      return await run(request, context);
    } catch (error) {
      const problem = problemOf(error, dataSource);
      if (!problem) throw error;
      response.status(problem.status);
      return problem;
    }
  };
}
