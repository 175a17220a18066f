import { Transform } from 'class-transformer';

const DECIMAL = /^-?\d+(\.\d+)?$/;

/**
 * A number written as text (query strings; code fields also take "2") → the number. Only plain decimal text
 * converts: `Type(() => Number)` ran Number(), which reads ' 1', '0x1F', '1e3', '' (as 0), true (as 1) and text
 * padded with any Unicode space or a BOM as numbers. Anything else stays as it was, for the validators to refuse.
 */
export const NumberFromText = () =>
  Transform(({ value }: { value: unknown }) => (Array.isArray(value) ? value.map(toNumber) : toNumber(value)));

function toNumber(value: unknown): unknown {
  return typeof value === 'string' && DECIMAL.test(value) ? Number(value) : value;
}
