import 'reflect-metadata';
import { rmSync } from 'node:fs';
import { basename } from 'node:path';
import mysql from 'mysql2/promise';
import { DataSource } from 'typeorm';
import { ensureBuiltinRoles } from '../src/auth/bootstrap.js';
import { parseDatabase } from '../src/config/app-config.js';
import { rebuildFunnelDays } from '../src/customers/funnel/funnel-days.js';
import { buildDataSourceOptions } from '../src/database/data-source-options.js';

/** A bench database: a MySQL/MariaDB URL naming the database, or an SQLite file path. */
export type BenchDatabase = { kind: 'mysql'; url: string; name: string } | { kind: 'sqlite'; path: string };

export function parseBenchDatabase(target: string): BenchDatabase {
  const sqlite = !/^(mysql|mariadb):\/\//.test(target);
  const name = sqlite ? basename(target) : new URL(target).pathname.replace(/^\//, '');
  // the seed drops and recreates it: never touch a database that is not obviously a bench one
  if (!/bench/.test(name)) throw new Error(`refusing to use database "${name}": its name must contain "bench"`);
  return sqlite ? { kind: 'sqlite', path: target } : { kind: 'mysql', url: target, name };
}

/** The environment the app needs to reach this database (DATABASE_URL or SQLITE_PATH). */
export const appDatabaseEnv = (db: BenchDatabase): Record<string, string> =>
  db.kind === 'mysql' ? { DATABASE_URL: db.url } : { SQLITE_PATH: db.path };

/** mysql2 wants mysql:// (mariadb:// is the app's way of choosing the TypeORM driver). */
export const mysqlUrl = (url: string) => url.replace(/^mariadb:/, 'mysql:');

async function onServer<T>(db: { url: string }, run: (c: mysql.Connection) => Promise<T>): Promise<T> {
  const server = new URL(mysqlUrl(db.url));
  server.pathname = '/';
  const connection = await mysql.createConnection(server.toString());
  try {
    return await run(connection);
  } finally {
    await connection.end();
  }
}

export async function dropDatabase(db: BenchDatabase): Promise<void> {
  if (db.kind === 'sqlite') {
    for (const suffix of ['', '-wal', '-shm', '-journal']) rmSync(db.path + suffix, { force: true });
    return;
  }
  await onServer(db, (c) => c.query(`DROP DATABASE IF EXISTS \`${db.name}\``));
}

/**
 * An empty database with the app's schema: created afresh, migrated by the app's own migrations, with the
 * built-in roles (the app's start-up code). Returns the role ids by code.
 */
export async function createSchema(db: BenchDatabase): Promise<Map<string, number>> {
  await dropDatabase(db);
  if (db.kind === 'mysql') {
    await onServer(db, (c) =>
      c.query(`CREATE DATABASE \`${db.name}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`),
    );
  }
  const dataSource = new DataSource(buildDataSourceOptions(parseDatabase(appDatabaseEnv(db))));
  await dataSource.initialize();
  try {
    await dataSource.runMigrations({ transaction: 'each' });
    await ensureBuiltinRoles(dataSource);
    const roles: { id: number; code: string }[] = await dataSource.query('SELECT id, code FROM role');
    return new Map(roles.map((r) => [r.code, Number(r.id)]));
  } finally {
    await dataSource.destroy();
  }
}

/** Runs `work` with a DataSource of the app's own options on the bench database. */
async function withDataSource<T>(db: BenchDatabase, work: (dataSource: DataSource) => Promise<T>): Promise<T> {
  const dataSource = new DataSource(buildDataSourceOptions(parseDatabase(appDatabaseEnv(db))));
  await dataSource.initialize();
  try {
    return await work(dataSource);
  } finally {
    await dataSource.destroy();
  }
}

/** Runs read-only SQL on the bench database (what the scenarios need to know that the API does not say). */
export const benchQuery = <T>(db: BenchDatabase, sql: string, params: unknown[] = []): Promise<T[]> =>
  withDataSource(db, (dataSource) => dataSource.query(sql, params));

/**
 * Fills what the app's services keep beside the rows and the bulk load bypassed: the funnel's daily counts
 * (customer_funnel_day), recounted from the customers with the app's own code.
 */
export const fillRollups = (db: BenchDatabase): Promise<void> =>
  withDataSource(db, (dataSource) => dataSource.transaction((manager) => rebuildFunnelDays(manager)));

/** Updates the optimizer's statistics after a bulk load, as a DBA would. */
export async function analyze(db: BenchDatabase, tables: string[]): Promise<void> {
  if (db.kind === 'sqlite') return;
  const connection = await mysql.createConnection(mysqlUrl(db.url));
  try {
    await connection.query(`ANALYZE TABLE ${tables.join(', ')}`);
  } finally {
    await connection.end();
  }
}
