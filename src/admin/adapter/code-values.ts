import type { CodeTable } from '../../common/codes/code-table.js';
import type { PropertyInfo } from './properties.js';

/**
 * Code fields travel through AdminJS as the code's key (`baiduAds`), not its number: AdminJS looks the
 * labels of select values up by value, and numeric keys turn its translation objects into arrays.
 */
export const codeKey = (table: CodeTable, code: unknown): unknown =>
  table.items.find((item) => item.code === code)?.key ?? code;

/** A key back to its code; anything else is left for the DTO's validation to refuse. */
export const codeOf = (table: CodeTable, value: unknown): unknown =>
  table.items.find((item) => item.key === value)?.code ?? value;

/** A value as the record shows it: codes as keys, also inside arrays and sub-objects (a customer's contacts). */
export function toDisplay(value: unknown, info: PropertyInfo): unknown {
  if (Array.isArray(value) && info.isArray) return value.map((item) => toDisplay(item, { ...info, isArray: false }));
  if (info.codes) return codeKey(info.codes, value);
  if (info.subProperties.length && value && typeof value === 'object') {
    const shown: Record<string, unknown> = { ...value };
    for (const sub of info.subProperties) if (sub.name in shown) shown[sub.name] = toDisplay(shown[sub.name], sub);
    return shown;
  }
  return value;
}
