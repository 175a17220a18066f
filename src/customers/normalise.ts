/**
 * How customer identifiers are stored and compared, so that "138 0013-8000" and "13800138000" are one phone.
 * Used by the DTOs (on input) and by the services (before every duplicate check).
 */

/** Trims, strips spaces and dashes; an empty value becomes null. Non-strings pass through for validation. */
export function normalisePhone(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  const phone = value.trim().replace(/[\s-]+/g, '');
  return phone === '' ? null : phone;
}

/** Trims; an empty value becomes null (so the unique index on qq never sees ''). */
export function normaliseQq(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  const qq = value.trim();
  return qq === '' ? null : qq;
}

/** Trims text; an empty value becomes null. */
export function trimToNull(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  const text = value.trim();
  return text === '' ? null : text;
}

/** A phone after normalisation: digits, optionally after a leading `+`. */
export const PHONE_PATTERN = /^\+?[0-9]{3,20}$/;

/** A QQ number: 5 to 12 digits, no leading zero. */
export const QQ_PATTERN = /^[1-9][0-9]{4,11}$/;

/** `q` that looks like a phone ("138 0013-8000") is searched in its stored form. */
export function normaliseSearch(q: string | undefined): string | undefined {
  if (q === undefined) return undefined;
  const trimmed = q.trim();
  return /^\+?[0-9][0-9\s-]*$/.test(trimmed) ? trimmed.replace(/[\s-]+/g, '') : trimmed;
}
