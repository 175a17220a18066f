import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import type { AppConfig } from '../config/app-config.js';
import { buildDataSourceOptions } from '../database/data-source-options.js';
import { LoginFailure } from './entities/login-failure.entity.js';
import { LoginThrottle, TooManyAttempts } from './login-throttle.js';

const config = { loginThrottle: { perAccount: 3, perIp: 5, windowSeconds: 60 } } as AppConfig;

describe('LoginThrottle (on a migrated SQLite database)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'easycrm-throttle-'));
  const dataSource = new DataSource(
    buildDataSourceOptions({ kind: 'sqlite', sqlitePath: join(dir, 'throttle.sqlite'), poolSize: 1, replicaUrls: [] }),
  );
  let throttle: LoginThrottle;

  beforeAll(async () => {
    await dataSource.initialize();
    await dataSource.runMigrations();
  });
  beforeEach(async () => {
    await dataSource.getRepository(LoginFailure).clear();
    throttle = new LoginThrottle(config, dataSource);
  });
  afterAll(async () => {
    await dataSource.destroy();
    rmSync(dir, { recursive: true, force: true });
  });

  it('refuses an account after its limit of failures, with the seconds left in the window', async () => {
    for (let i = 0; i < 3; i++) await throttle.recordFailure('Alice', '1.1.1.1', 1000);
    const refused = await throttle.assertAllowed('alice', '2.2.2.2', 11_000).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(TooManyAttempts);
    expect((refused as TooManyAttempts).retryAfterSeconds).toBe(50);
    await throttle.assertAllowed('bob', '2.2.2.2', 11_000);
    await throttle.assertAllowed('alice', '2.2.2.2', 61_001);
  });

  it('refuses an IP after its limit of failures across accounts', async () => {
    for (let i = 0; i < 5; i++) await throttle.recordFailure(`user${i}`, '9.9.9.9', 0);
    await expect(throttle.assertAllowed('someone', '9.9.9.9', 1)).rejects.toThrow(TooManyAttempts);
    await throttle.assertAllowed('someone', '8.8.8.8', 1);
  });

  it('starts a new window once the last one has ended', async () => {
    for (let i = 0; i < 3; i++) await throttle.recordFailure('dave', '1.1.1.1', 0);
    await throttle.recordFailure('dave', '1.1.1.1', 60_000); // the window ended at 60 000: one failure now
    await throttle.assertAllowed('dave', '3.3.3.3', 60_001);
    const row = await dataSource.getRepository(LoginFailure).findOneByOrFail({ subject: 'u:dave' });
    expect([row.failures, Number(row.resetAtMs)]).toEqual([1, 120_000]);
  });

  it('forgets an account’s failures after a successful sign-in', async () => {
    for (let i = 0; i < 2; i++) await throttle.recordFailure('carol', '1.1.1.1', 0);
    await throttle.recordSuccess('Carol');
    await throttle.recordFailure('carol', '1.1.1.1', 0);
    await throttle.assertAllowed('carol', '3.3.3.3', 0);
  });

  it('counts what every instance records: the counts live in the database', async () => {
    const other = new LoginThrottle(config, dataSource);
    await throttle.recordFailure('erin', '1.1.1.1', 0);
    await other.recordFailure('erin', '4.4.4.4', 0);
    await Promise.all([throttle.recordFailure('erin', '1.1.1.1', 0), other.recordFailure('erin', '4.4.4.4', 0)]);
    await expect(throttle.assertAllowed('erin', '5.5.5.5', 1)).rejects.toThrow(TooManyAttempts);
  });
});
