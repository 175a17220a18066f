import type { Type } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { createApp } from '../../src/app.factory.js';
import { loadConfig } from '../../src/config/app-config.js';

export const ADMIN_PASSWORD = 'Admin#Pass2026';

export interface TestApp {
  app: NestExpressApplication;
  http: ReturnType<typeof request>;
  dataSource: DataSource;
  env: Record<string, string>;
  /** Signs in and returns the access token. */
  login(username?: string, password?: string): Promise<string>;
  close(): Promise<void>;
}

export interface TestDatabase {
  env: Record<string, string>;
  drop(): Promise<void>;
}

/**
 * A fresh, empty database for one test file: an SQLite file in a temp folder, or — with
 * TEST_DATABASE_URL=mysql://… — a new MySQL/MariaDB database on that server, dropped afterwards.
 */
export async function createTestDatabase(): Promise<TestDatabase> {
  const serverUrl = process.env.TEST_DATABASE_URL;
  if (!serverUrl) {
    const dir = mkdtempSync(join(tmpdir(), 'easycrm-test-'));
    return {
      env: { SQLITE_PATH: join(dir, 'test.sqlite') },
      drop: async () => rmSync(dir, { recursive: true, force: true }),
    };
  }
  const name = `easycrm_test_${process.pid}_${randomBytes(4).toString('hex')}`;
  const admin = new DataSource({ type: 'mysql', url: serverUrl });
  await admin.initialize();
  await admin.query(`CREATE DATABASE \`${name}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
  await admin.destroy();
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    env: { DATABASE_URL: url.toString() },
    drop: async () => {
      if (!name.includes('test')) throw new Error(`refusing to drop ${name}`);
      const ds = new DataSource({ type: 'mysql', url: serverUrl });
      await ds.initialize();
      await ds.query(`DROP DATABASE IF EXISTS \`${name}\``);
      await ds.destroy();
    },
  };
}

/** Starts the real application (same factory as main.ts) on a fresh database. */
export async function startTestApp(
  env: Record<string, string> = {},
  options: { database?: TestDatabase; extraModules?: Type[] } = {},
): Promise<TestApp> {
  const { database, extraModules } = options;
  const db = database ?? (await createTestDatabase());
  const fullEnv = { NODE_ENV: 'test', ADMIN_PASSWORD, LOG_LEVEL: 'silent', ...db.env, ...env };
  const app = await createApp(loadConfig(fullEnv), extraModules);
  await app.init();
  const http = request(app.getHttpServer());
  return {
    app,
    http,
    env: fullEnv,
    dataSource: app.get(DataSource),
    async login(username = 'admin', password = ADMIN_PASSWORD) {
      const res = await http.post('/api/v1/auth/login').send({ username, password });
      if (res.status !== 200) throw new Error(`login ${username} failed: ${res.status} ${JSON.stringify(res.body)}`);
      return res.body.accessToken as string;
    },
    async close() {
      await app.close();
      if (!database) await db.drop();
    },
  };
}
