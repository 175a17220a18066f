/**
 * `npm run seed:demo`: migrates the database named by DATABASE_URL / SQLITE_PATH, makes sure the built-in
 * roles and the first admin exist, and loads the demo dataset unless the database already has customers.
 */
import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { ensureBuiltinRoles, ensureFirstAdmin } from '../../auth/bootstrap.js';
import { parseDatabase } from '../../config/app-config.js';
import { buildDataSourceOptions } from '../data-source-options.js';
import { seedDemoData } from './demo-data.js';
import { DEMO_PASSWORD, STAFF } from './demo-fixtures.js';

async function main(): Promise<void> {
  const dataSource = new DataSource(buildDataSourceOptions(parseDatabase(process.env)));
  await dataSource.initialize();
  try {
    await dataSource.runMigrations({ transaction: 'each' });
    await ensureBuiltinRoles(dataSource);
    // Before the demo staff exist: once any staff account exists, the app no longer creates the first admin.
    const admin = await ensureFirstAdmin(dataSource, process.env.ADMIN_PASSWORD || undefined);
    if (admin.generatedPassword) {
      console.log(`Created account admin with password ${admin.generatedPassword} (change it at first login)`);
    }
    const summary = await seedDemoData(dataSource);
    if (!summary) {
      console.log('Demo data skipped: the database already has customers');
      return;
    }
    console.log('Demo data created:');
    for (const [kind, count] of Object.entries(summary)) console.log(`  ${kind.padEnd(16)}${count}`);
    console.log(`Demo logins (password ${DEMO_PASSWORD}):`);
    for (const s of STAFF) console.log(`  ${s.username.padEnd(12)}${s.name}  ${s.role}`);
  } finally {
    await dataSource.destroy();
  }
}

main().catch((error: unknown) => {
  console.error(`Demo seed failed: ${error instanceof Error ? error.message : String(error)}`.split('\n')[0]);
  process.exitCode = 1;
});
