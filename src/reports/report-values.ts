import { classDisplayNames } from '../teaching/class-name.js';
import type { ClassRefDto } from './dto/report-common.dto.js';

/**
 * Reading aggregates: MySQL answers SUM as a DECIMAL string and SUM over no rows as NULL on both databases, so
 * every figure goes through `num`. Rates are fractions (0.25 = 25 %) with 4 decimals and 0 when there is
 * nothing to divide by; averages have 2 decimals and are null when there is nothing to average (0 is a real
 * value for a score or a response time).
 */
export const num = (value: unknown): number => (value === null || value === undefined ? 0 : Number(value));

/** A timestamp read raw: a Date from MySQL/MariaDB, 'YYYY-MM-DD HH:MM:SS.SSS' (UTC) text from SQLite. */
export function rawDate(value: unknown): Date | null {
  if (value === null || value === undefined) return null;
  return value instanceof Date ? value : new Date(`${String(value).replace(' ', 'T')}Z`);
}

const round = (value: number, digits: number) => {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
};

export const rate = (part: number, whole: number): number => (whole > 0 ? round(part / whole, 4) : 0);

export const average = (sum: number, count: number, digits = 2): number | null =>
  count > 0 ? round(sum / count, digits) : null;

/** Sums the numeric fields `keys` of `rows`. */
export function sumOf<K extends string>(rows: readonly Record<K, number>[], keys: readonly K[]): Record<K, number> {
  const total = Object.fromEntries(keys.map((key) => [key, 0])) as Record<K, number>;
  for (const row of rows) for (const key of keys) total[key] += row[key];
  return total;
}

/** Groups `rows` by `keyOf`, keeping the first-seen order. */
export function groupRows<R, K>(rows: readonly R[], keyOf: (row: R) => K): Map<K, R[]> {
  const groups = new Map<K, R[]>();
  for (const row of rows) {
    const key = keyOf(row);
    const group = groups.get(key);
    if (group) group.push(row);
    else groups.set(key, [row]);
  }
  return groups;
}

/** A class as reports show it, from raw columns `classId`, `semester`, `campusId`, `campusName`, `courseId`, `courseName`. */
export function classRef(row: Record<string, unknown>): ClassRefDto {
  const campus = { id: num(row.campusId), name: String(row.campusName) };
  const course = { id: num(row.courseId), name: String(row.courseName) };
  return { id: num(row.classId), ...classDisplayNames(campus.name, course.name, num(row.semester)), campus, course };
}

/** Selects what `classRef` reads, from the class `sc`, its campus `b` and course `co`; and groups by it. */
export const CLASS_COLUMNS: readonly [string, string][] = [
  ['sc.id', 'classId'],
  ['sc.semester', 'semester'],
  ['b.id', 'campusId'],
  ['b.name', 'campusName'],
  ['co.id', 'courseId'],
  ['co.name', 'courseName'],
];
