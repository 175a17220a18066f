/**
 * `npm run bench:seed -- --customers 1000000 [--database-url mariadb://root@127.0.0.1:3306/easycrm_bench]`
 * `npm run bench:seed -- --customers 10000 --sqlite data/bench.sqlite`
 *
 * Recreates the database (its name must contain "bench"), migrates it with the app's migrations, and fills it
 * with the deterministic bench dataset through multi-row INSERTs.
 */
import { parseArgs } from 'node:util';
import { hashPassword } from '../../src/auth/password.js';
import { analyze, createSchema, fillRollups, mysqlUrl, parseBenchDatabase, type BenchDatabase } from '../database.js';
import { mysqlSink, sqliteSink, type SqlSink } from './bulk-insert.js';
import { insertCustomers } from './customers.js';
import { Random } from './random.js';
import { BENCH_PASSWORD, insertReferenceData } from './reference-data.js';

export const DEFAULT_BENCH_DATABASE = 'mariadb://root@127.0.0.1:3306/easycrm_bench';

const TABLES = [
  'staff',
  'customer',
  'customer_tags',
  'customer_follow_up',
  'enrollment',
  'payment',
  'study_record',
  'customer_funnel_day',
];

/** Seeds `db`; returns the row counts and the seconds it took. */
export async function seed(db: BenchDatabase, customers: number, seedNumber = 2026, log = (_: string) => {}) {
  const started = Date.now();
  const phase = (name: string) => log(`  ${name}: ${((Date.now() - started) / 1000).toFixed(1)} s`);
  const random = new Random(seedNumber);
  const roleIds = await createSchema(db);
  phase('schema (migrations, built-in roles)');
  const passwordHash = await hashPassword(BENCH_PASSWORD); // one slow hash shared by every bench account
  let sinks: [SqlSink, SqlSink];
  if (db.kind === 'mysql') sinks = [await mysqlSink(mysqlUrl(db.url)), await mysqlSink(mysqlUrl(db.url))];
  else {
    const only = sqliteSink(db.path); // SQLite has one writer
    sinks = [only, only];
  }
  const close = () => Promise.all([...new Set(sinks)].map((sink) => sink.close()));
  try {
    const reference = await insertReferenceData(sinks[0], random, roleIds, passwordHash);
    const counts = await insertCustomers(sinks, random, reference, customers);
    await close();
    phase('rows inserted');
    await fillRollups(db);
    phase('funnel daily counts filled');
    await analyze(db, [...TABLES, 'feedback']);
    phase('statistics analyzed');
    return { counts, seconds: (Date.now() - started) / 1000 };
  } catch (error) {
    await close().catch(() => undefined);
    throw error;
  }
}

async function main() {
  const { values } = parseArgs({
    options: {
      customers: { type: 'string', default: '10000' },
      'database-url': { type: 'string' },
      sqlite: { type: 'string' },
      seed: { type: 'string', default: '2026' },
    },
  });
  const target = values.sqlite ?? values['database-url'] ?? process.env.BENCH_DATABASE_URL ?? DEFAULT_BENCH_DATABASE;
  const db = parseBenchDatabase(target);
  const customers = Number(values.customers);
  if (!Number.isInteger(customers) || customers < 1) throw new Error('--customers must be a positive integer');
  const { counts, seconds } = await seed(db, customers, Number(values.seed), console.log);
  console.log(`Seeded ${target} in ${seconds.toFixed(1)} s:`);
  for (const [table, count] of Object.entries(counts)) console.log(`  ${table.padEnd(14)} ${count}`);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main().catch((error) => {
    console.error(error);
    process.exit(1);
  });
}
