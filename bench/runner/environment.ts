import { cpus, totalmem } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import mysql from 'mysql2/promise';
import { mysqlUrl, type BenchDatabase } from '../database.js';

const TABLES = ['customer', 'customer_follow_up', 'enrollment', 'payment', 'study_record', 'feedback'];

/** The machine, the database server and the dataset, as the report's header states them. */
export async function describeEnvironment(db: BenchDatabase): Promise<[string, string][]> {
  const facts: [string, string][] = [
    ['date', new Date().toISOString().replace(/\.\d+Z$/, 'Z')],
    ['machine', `${cpus().length} cores (${cpus()[0]?.model ?? '?'}), ${(totalmem() / 2 ** 30).toFixed(0)} GiB`],
    ['node', process.version],
  ];
  if (db.kind === 'sqlite') return [...facts, ['database', `SQLite file ${db.path}`]];
  const connection = await mysql.createConnection(mysqlUrl(db.url));
  try {
    const [[server]] = (await connection.query('SELECT VERSION() AS version, @@innodb_buffer_pool_size AS pool')) as [
      { version: string; pool: number }[],
      unknown,
    ];
    facts.push([
      'database',
      `MariaDB/MySQL ${server.version}, InnoDB buffer pool ${Number(server.pool) / 2 ** 20} MiB`,
    ]);
    const counts: string[] = [];
    for (const table of TABLES) {
      const [[row]] = (await connection.query(`SELECT COUNT(*) AS n FROM ${table}`)) as [{ n: number }[], unknown];
      counts.push(`${table} ${Number(row.n).toLocaleString('en')}`);
    }
    facts.push(['dataset', counts.join(', ')]);
  } finally {
    await connection.end();
  }
  return facts;
}

/**
 * Leaves the bench database idle before the next measurement. When a scenario's clients give up (timeouts), the
 * server still works through their queries, and the app through its queue of requests: after a grace period the
 * leftovers, all sent by the servers this run started, are cancelled (KILL QUERY) until none come.
 */
export async function settleDatabase(db: BenchDatabase, graceMs = 5_000, timeoutMs = 120_000): Promise<void> {
  if (db.kind === 'sqlite') return;
  const connection = await mysql.createConnection(mysqlUrl(db.url));
  try {
    const started = Date.now();
    let quietPolls = 0; // twice in a row: the app's pool may be between two queued queries
    while (quietPolls < 2 && Date.now() - started < timeoutMs) {
      const [running] = (await connection.query(
        "SELECT ID AS id FROM information_schema.PROCESSLIST WHERE DB = DATABASE() AND COMMAND = 'Query' AND ID <> CONNECTION_ID()",
      )) as [{ id: number }[], unknown];
      quietPolls = running.length ? 0 : quietPolls + 1;
      if (running.length && Date.now() - started > graceMs) {
        for (const { id } of running) await connection.query(`KILL QUERY ${Number(id)}`).catch(() => undefined);
      }
      await sleep(200);
    }
  } finally {
    await connection.end();
  }
}
