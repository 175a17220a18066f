import { CallHandler, ExecutionContext, Injectable, Logger, NestInterceptor } from '@nestjs/common';
import type { Request, Response } from 'express';
import { catchError, concatMap, from, Observable, of, throwError } from 'rxjs';
import type { Actor } from '../auth/actor.js';
import { IDEMPOTENT_REPLAYED_HEADER, idempotencyKeyOf, requestFingerprint, sha256 } from './idempotency-key-header.js';
import { IdempotencyStore } from './idempotency.store.js';

/**
 * `Idempotency-Key` on a route marked `@Idempotent()` (IETF draft "The Idempotency-Key HTTP Header Field",
 * as Stripe does it). Runs after the access guard (the key is scoped to the staff member) and before the
 * validation pipe (the fingerprint is the body as sent).
 *
 * - First request: the key is claimed in the database before the handler runs; a 2xx answer is stored.
 * - An error answer releases the key: by the API's rule a 4xx or 5xx changed nothing, so a retry with the same
 *   key is a new attempt (after fixing the body, a different body is a new request anyway: use a new key).
 * - Repeat, same request: the stored status and body, with `Idempotent-Replayed: true`; the handler does not run.
 * - Same key while the first still runs: 409. Same key, other request: 422. Bad key: 400.
 * - A server that stops mid-request cannot release its key: it stays in progress (409, after 5 minutes saying
 *   the outcome is unknown) until it expires, since running the request again could do it twice.
 * - No header: unchanged.
 */
@Injectable()
export class IdempotencyInterceptor implements NestInterceptor {
  private readonly logger = new Logger('Idempotency');

  constructor(private readonly store: IdempotencyStore) {}

  async intercept(context: ExecutionContext, next: CallHandler): Promise<Observable<unknown>> {
    const http = context.switchToHttp();
    const req = http.getRequest<Request & { user?: Actor }>();
    const res = http.getResponse<Response>();
    const key = idempotencyKeyOf(req);
    if (key === undefined || !req.user) return next.handle();
    const route = `${req.method} ${(req.route as { path?: string } | undefined)?.path ?? req.path}`;
    const claim = await this.store.claim({
      staffId: req.user.id,
      route,
      keyHash: sha256(key),
      fingerprint: requestFingerprint(req),
    });
    if (claim.kind === 'replay') {
      res.status(claim.status).setHeader(IDEMPOTENT_REPLAYED_HEADER, 'true');
      return of(claim.body);
    }
    return next.handle().pipe(
      catchError((error: unknown) =>
        from(this.store.release(claim.id)).pipe(
          catchError((releaseError: unknown) => {
            this.logger.error({ err: releaseError }, 'Could not release an idempotency key after a failed request');
            return of(undefined);
          }),
          concatMap(() => throwError(() => error)),
        ),
      ),
      concatMap(async (body) => {
        try {
          await this.store.complete(claim.id, res.statusCode, body);
        } catch (storeError) {
          // the change is committed: keep the key claimed (a retry gets 409 until it expires), never release it
          this.logger.error({ err: storeError }, 'Could not store the answer of an idempotent request');
        }
        return body;
      }),
    );
  }
}
