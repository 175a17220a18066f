import { applyDecorators } from '@nestjs/common';
import { Transform } from 'class-transformer';
import { IsOptional, IsString, Matches } from 'class-validator';

/** Money as staff type it in a form: yuan with at most two decimals (9800 or 9800.50), an optional ¥. */
export const YUAN = /^\d{1,9}(\.\d{1,2})?$/;

/** A form field in yuan (a string); `optional` lets it be left empty (null). */
export const IsYuan = (field: string, optional = false) =>
  applyDecorators(
    ...(optional ? [IsOptional()] : []),
    // an optional field left empty is null
    Transform(({ value }: { value: unknown }) =>
      typeof value === 'string' ? value.trim().replace(/^¥/, '') || (optional ? null : '') : value,
    ),
    IsString(),
    Matches(YUAN, { message: `${field} must be in yuan with at most two decimals, e.g. 9800 or 9800.50` }),
  );

/** Yuan as typed (digits, at most two decimals) → integer fen, without floating point. */
export const toFen = (amount: string) => {
  const [whole, fraction = ''] = amount.split('.');
  return Number(whole) * 100 + Number(fraction.padEnd(2, '0'));
};

/** A yuan field that may be empty → fen or null; undefined stays undefined (not sent). */
export const fenOrNull = (amount: string | null | undefined) =>
  amount === undefined ? undefined : amount === null || amount === '' ? null : toFen(amount);

/** Fen → yuan as a form shows it (no grouping, so it can be submitted back): 150000 → '1500.00'. */
export const yuanText = (fen: number | null) => (fen === null ? null : (fen / 100).toFixed(2));
