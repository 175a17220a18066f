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
