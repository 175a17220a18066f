import type { ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { DriverUtils } from 'typeorm/driver/DriverUtils.js';

/**
 * Where each field of an export row comes from in a list's query: `alias.property`, an entity column of one of
 * the query's aliases (read as TypeORM hydrates it: dates as Date on every database, transformers applied), or
 * the name of one of the query's raw selects (`tags_json`), taken as the driver gives it. `id` is the main
 * alias's id (the keyset).
 */
export type RawFields<R extends { id: number }> = { readonly [K in keyof R]-?: string };

type RawRow = Record<string, unknown>;

interface Field {
  key: string;
  rawKey: string;
  read: (value: unknown) => unknown;
}

const asIs = (value: unknown) => value;

/**
 * Makes `qb` select exactly `fields` (its joins, conditions and raw selects' SQL unchanged, so it still finds the
 * same rows; only the columns no cell needs are left out), and returns how a raw row of it becomes a row.
 * Throws (a programming error, before any row is read) when a field names an alias or raw select the query does
 * not have, so a missing join shows up as an error instead of an empty column.
 */
export function selectFields<E extends ObjectLiteral, R extends { id: number }>(
  qb: SelectQueryBuilder<E>,
  fields: RawFields<R>,
): (raw: RawRow) => R {
  const { driver } = qb.connection;
  const map = qb.expressionMap;
  if (fields.id !== `${qb.alias}.id`) throw new Error(`An export row's id must be ${qb.alias}.id, not ${fields.id}`);
  const rawSelects = new Map(map.selects.filter((s) => s.aliasName).map((s) => [s.aliasName!, s.selection]));
  const columns: string[] = [];
  const expressions: [string, string][] = [];
  const compiled = Object.entries(fields as Record<string, string>).map(([key, path]): Field => {
    const dot = path.indexOf('.');
    if (dot < 0) {
      const expression = rawSelects.get(path);
      if (expression === undefined) throw new Error(`The export's query has no select named ${path}`);
      expressions.push([expression, path]);
      return { key, rawKey: path, read: asIs };
    }
    const aliasName = path.slice(0, dot);
    const column = map.findAliasByName(aliasName).metadata.findColumnWithPropertyPath(path.slice(dot + 1));
    if (!column) throw new Error(`The export's query has no column ${path}`);
    columns.push(path);
    return {
      key,
      rawKey: DriverUtils.buildAlias(driver, undefined, aliasName, column.databaseName),
      read: (value) => driver.prepareHydratedValue(value, column),
    };
  });
  qb.select(columns);
  for (const [expression, name] of expressions) qb.addSelect(expression, name);
  return (raw) => {
    const row: RawRow = {};
    for (const field of compiled) row[field.key] = field.read(raw[field.rawKey]);
    return row as R;
  };
}
