import { HttpStatus, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, LessThan } from 'typeorm';
import { isDuplicateKey } from '../errors/database-errors.js';
import { ApiProblem } from '../errors/problem.js';
import { IdempotencyKey } from './idempotency-key.entity.js';

/** A key is remembered this long after its first use (Stripe keeps keys for 24 hours too). */
export const IDEMPOTENCY_KEY_TTL_MS = 24 * 3_600_000;
/** Expired keys are deleted at most this often per process, by the first claim after it. */
const PRUNE_EVERY_MS = 60_000;

export interface KeyScope {
  staffId: number;
  route: string;
  keyHash: string;
  fingerprint: string;
}

/** No request runs this long: a key still in progress after it was left by a server that stopped mid-request. */
const ABANDONED_AFTER_MS = 5 * 60_000;

function inProgress(since: Date): ApiProblem {
  if (since.getTime() > Date.now() - ABANDONED_AFTER_MS) {
    return new ApiProblem(
      HttpStatus.CONFLICT,
      'A request with this Idempotency-Key is in progress; retry after it has finished to get its answer',
    );
  }
  // whether its change was committed is unknown, so running it again could do it twice
  return new ApiProblem(
    HttpStatus.CONFLICT,
    `A request with this Idempotency-Key started at ${since.toISOString()} and never finished (the server ` +
      'stopped); whether it took effect is unknown: look the record up, and send a new key if it is missing',
    { startedAt: since },
  );
}

/** Either this request now owns the key (`claimed`, run the handler), or the answer to replay. */
export type Claim = { kind: 'claimed'; id: number } | { kind: 'replay'; status: number; body: unknown };

/**
 * Idempotency keys in the database, so that every instance of the app sees them. The row is inserted before
 * the handler runs and the unique index decides which of several concurrent requests runs it.
 */
@Injectable()
export class IdempotencyStore {
  private lastPrune = 0;

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  private get repository() {
    return this.dataSource.getRepository(IdempotencyKey);
  }

  /**
   * Claims the key for this request, or answers what an earlier request with the key got:
   * replay (same request, finished), 409 (same request, still running), 422 (a different request).
   */
  async claim(scope: KeyScope): Promise<Claim> {
    await this.pruneNow();
    // a few rounds: the row we collide with may be released or expire between our insert and our read
    for (let attempt = 0; attempt < 3; attempt++) {
      try {
        const inserted = await this.repository
          .createQueryBuilder()
          .insert()
          .values({ ...scope, responseStatus: null })
          .callListeners(false)
          .execute();
        return { kind: 'claimed', id: Number(inserted.identifiers[0].id) };
      } catch (error) {
        if (!isDuplicateKey(error)) throw error;
      }
      const { staffId, route, keyHash } = scope;
      const existing = await this.repository.findOneBy({ staffId, route, keyHash });
      if (!existing) continue;
      if (existing.createdAt.getTime() < Date.now() - IDEMPOTENCY_KEY_TTL_MS) {
        await this.repository.delete({ id: existing.id, createdAt: LessThan(this.cutoff()) });
        continue;
      }
      if (existing.fingerprint !== scope.fingerprint) {
        throw new ApiProblem(
          HttpStatus.UNPROCESSABLE_ENTITY,
          'This Idempotency-Key was already used for a different request (other body or path); ' +
            'use a new key for a new request',
          { errors: [{ field: 'Idempotency-Key', message: 'was used with a different request' }] },
        );
      }
      if (existing.responseStatus === null) throw inProgress(existing.createdAt);
      return { kind: 'replay', status: existing.responseStatus, body: existing.responseBody };
    }
    throw new ApiProblem(HttpStatus.CONFLICT, 'A request with this Idempotency-Key is in progress; retry shortly');
  }

  /** Stores the answer of the request that claimed the key, for replays. */
  async complete(id: number, status: number, body: unknown): Promise<void> {
    // the JSON the client got (dates as strings, no undefined members), so a replay is byte for byte the same
    const stored = body === undefined ? null : JSON.parse(JSON.stringify(body));
    await this.repository
      .createQueryBuilder()
      .update()
      .set({ responseStatus: status, responseBody: stored })
      .where('id = :id', { id })
      .callListeners(false)
      .execute();
  }

  /** Forgets the key: the request failed without changing anything, so the client may retry with it. */
  async release(id: number): Promise<void> {
    await this.repository.delete({ id });
  }

  /** Deletes expired keys (an index range on created_at), at most once a minute per process. */
  async pruneNow(force = false): Promise<number> {
    const now = Date.now();
    if (!force && now - this.lastPrune < PRUNE_EVERY_MS) return 0;
    this.lastPrune = now;
    const result = await this.repository.delete({ createdAt: LessThan(this.cutoff()) });
    return result.affected ?? 0;
  }

  private cutoff(): Date {
    return new Date(Date.now() - IDEMPOTENCY_KEY_TTL_MS);
  }
}
