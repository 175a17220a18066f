import { ValidateBy, type ValidationOptions } from 'class-validator';

/** 'YYYY-MM-DD' of a real calendar day. */
export function isDateOnly(value: unknown): value is string {
  if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value;
}

/** DTO field holding a calendar day as 'YYYY-MM-DD'. */
export function IsDateOnly(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isDateOnly',
      validator: {
        validate: (value) => isDateOnly(value),
        defaultMessage: () => '$property must be a date as YYYY-MM-DD',
      },
    },
    options,
  );
}

/** Today's date ('YYYY-MM-DD') in the school's timezone. */
export function today(timeZone: string, now = new Date()): string {
  const parts = new Intl.DateTimeFormat('en', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' })
    .formatToParts(now)
    .reduce<Record<string, string>>((acc, part) => ({ ...acc, [part.type]: part.value }), {});
  return `${parts.year}-${parts.month}-${parts.day}`;
}

export const CLASS_STATES = ['upcoming', 'running', 'finished'] as const;
export type ClassState = (typeof CLASS_STATES)[number];

/** Where a class stands on `today`: not started, in its dates (an open end runs on), or over. */
export function classState(startDate: string, endDate: string | null, on: string): ClassState {
  if (startDate > on) return 'upcoming';
  if (endDate !== null && endDate < on) return 'finished';
  return 'running';
}

/** SQL condition for `state` on a class aliased `alias` (parameter `:today`). */
export function classStateCondition(state: ClassState, alias: string): string {
  switch (state) {
    case 'upcoming':
      return `${alias}.startDate > :today`;
    case 'finished':
      return `${alias}.endDate < :today`;
    case 'running':
      return `${alias}.startDate <= :today AND (${alias}.endDate IS NULL OR ${alias}.endDate >= :today)`;
  }
}
