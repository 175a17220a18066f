import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { buildDataSourceOptions } from '../src/database/data-source-options.js';
import { MarketIntelligence1796508629727 } from '../src/database/migrations/1796508629727-MarketIntelligence.js';
import { MIGRATIONS } from '../src/database/migrations/index.js';

const MARKET = MIGRATIONS.indexOf(MarketIntelligence1796508629727);

// SQLite rebuilds tables to add columns; a rebuild of a table others refer to fails once it holds rows, which a
// test on an empty database cannot see (test/schema.e2e-spec.ts migrates empty databases)
it('the market migration runs up and down on an SQLite database holding customers and follow-ups', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'easycrm-market-migration-'));
  try {
    await migrateWithData(join(dir, 'db.sqlite'));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

async function migrateWithData(path: string) {
  const options = buildDataSourceOptions({ kind: 'sqlite', sqlitePath: path, poolSize: 1, replicaUrls: [] });
  const before = new DataSource({ ...options, migrations: MIGRATIONS.slice(0, MARKET) } as never);
  await before.initialize();
  await before.runMigrations({ transaction: 'each' });
  await before.query(`INSERT INTO staff (username, name, password_hash, version) VALUES ('s', 's', 'x', 1)`);
  await before.query(`INSERT INTO customer (name, source, consultant_id, version) VALUES ('c', 1, 1, 1)`);
  await before.query(
    `INSERT INTO customer_follow_up (customer_id, content, consultant_id, intention, version) VALUES (1, 'x', 1, 3, 1)`,
  );
  await before.destroy();
  const after = new DataSource({ ...options, migrations: MIGRATIONS.slice(0, MARKET + 1) } as never);
  await after.initialize();
  await after.runMigrations({ transaction: 'each' });
  expect(await after.query('SELECT id, name, lost_to_competitor_id FROM customer')).toEqual([
    { id: 1, name: 'c', lost_to_competitor_id: null },
  ]);
  expect(await after.query('SELECT id, customer_id, competitor_id FROM customer_follow_up')).toEqual([
    { id: 1, customer_id: 1, competitor_id: null },
  ]);
  expect(await after.query('PRAGMA foreign_key_check')).toEqual([]);
  await after.undoLastMigration({ transaction: 'each' });
  expect(await after.query('SELECT COUNT(*) AS n FROM customer_follow_up')).toEqual([{ n: 1 }]);
  await after.destroy();
}
