import { HttpStatus } from '@nestjs/common';
import type { Request } from 'express';
import { createHash } from 'node:crypto';
import { ApiProblem } from '../errors/problem.js';

export const IDEMPOTENCY_KEY_HEADER = 'Idempotency-Key';
export const IDEMPOTENT_REPLAYED_HEADER = 'Idempotent-Replayed';
export const MAX_KEY_LENGTH = 255;

/** Visible ASCII, spaces only inside (a UUID, a ULID, or any opaque token up to 255 characters). */
const VALID_KEY = /^[\x21-\x7e](?:[\x20-\x7e]*[\x21-\x7e])?$/;

export const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');

const badKey = (detail: string) =>
  new ApiProblem(HttpStatus.BAD_REQUEST, detail, {
    errors: [{ field: IDEMPOTENCY_KEY_HEADER, message: detail }],
  });

/**
 * The request's Idempotency-Key, undefined without one; 400 when it is empty, too long, not printable ASCII or
 * sent twice. The IETF draft's quoted form (`"8e03978e-…"`, a structured-field string) is accepted too.
 */
export function idempotencyKeyOf(req: Request): string | undefined {
  const values = req.headersDistinct?.['idempotency-key'] ?? [];
  if (!values.length) return undefined;
  if (values.length > 1) throw badKey(`Send one ${IDEMPOTENCY_KEY_HEADER} header, not ${values.length}`);
  let key = values[0].trim();
  if (key.length >= 2 && key.startsWith('"') && key.endsWith('"')) key = key.slice(1, -1);
  if (!key) throw badKey(`${IDEMPOTENCY_KEY_HEADER} must not be empty`);
  if (key.length > MAX_KEY_LENGTH) {
    throw badKey(`${IDEMPOTENCY_KEY_HEADER} must be at most ${MAX_KEY_LENGTH} characters (a UUID is recommended)`);
  }
  if (!VALID_KEY.test(key)) throw badKey(`${IDEMPOTENCY_KEY_HEADER} must be printable ASCII`);
  return key;
}

/** JSON with object keys sorted at every level, so that `{a,b}` and `{b,a}` are the same request. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object' && !(value instanceof Date)) {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/** What makes two requests with one key "the same request": path parameters, query and body. */
export function requestFingerprint(req: Request): string {
  return sha256(canonicalJson({ params: req.params ?? {}, query: req.query ?? {}, body: req.body ?? null }));
}
