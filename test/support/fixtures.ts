import type { Logger, QueryRunner } from 'typeorm';
import { DataSource } from 'typeorm';
import { Role } from '../../src/auth/entities/role.entity.js';
import type { TestApp } from './test-app.js';

export type Auth = { Authorization: string };

/** Creates a staff account with the built-in role `roleCode` through the API and signs it in. */
export async function staffWithRole(
  t: TestApp,
  admin: Auth,
  username: string,
  roleCode: string,
): Promise<{ id: number; auth: Auth }> {
  const role = await t.dataSource.getRepository(Role).findOneByOrFail({ code: roleCode });
  const password = `${username}#Pass2026`;
  const res = await t.http
    .post('/api/v1/staff')
    .set(admin)
    .send({ username, name: username, password, roleIds: [role.id] });
  if (res.status !== 201) throw new Error(`creating ${username}: ${res.status} ${JSON.stringify(res.body)}`);
  return { id: res.body.id, auth: { Authorization: `Bearer ${await t.login(username, password)}` } };
}

export async function adminAuth(t: TestApp): Promise<Auth> {
  return { Authorization: `Bearer ${await t.login()}` };
}

/** Runs `action` and returns the SQL statements the application sent meanwhile (e.g. to prove no N+1). */
export async function captureQueries(dataSource: DataSource, action: () => Promise<unknown>): Promise<string[]> {
  const queries: string[] = [];
  const original = dataSource.logger;
  const recorder: Logger = {
    logQuery: (query: string, _parameters?: unknown[], _runner?: QueryRunner) => void queries.push(query),
    logQueryError: () => undefined,
    logQuerySlow: () => undefined,
    logSchemaBuild: () => undefined,
    logMigration: () => undefined,
    log: () => undefined,
  };
  Object.assign(dataSource, { logger: recorder });
  try {
    await action();
  } finally {
    Object.assign(dataSource, { logger: original });
  }
  // the access guard loads the actor on every request; count what the endpoint itself runs
  return queries.filter(
    (q) => !/FROM [`"]staff[`"] [`"]actor[`"]/.test(q) && !/^(START TRANSACTION|BEGIN|COMMIT)/.test(q),
  );
}
