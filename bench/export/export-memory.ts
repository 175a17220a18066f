/**
 * Peak memory and time of the customer export at scale, on SQLite (see bench/export/README.md):
 * seeds N customers with one SQL statement, then for each format starts the real app in a child process with a
 * small heap, downloads `GET /api/v1/customers/export` over HTTP and reads the child's peak RSS (VmHWM).
 *
 *   node <build>/bench/export/export-memory.js [rows=300000,1000000] [formats=csv,xlsx]
 */
import { fork, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync, rmSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';

// better-sqlite3 ships no types (the app reaches it through TypeORM): just what the seeding uses
type Statement = { get(...params: unknown[]): unknown; run(...params: unknown[]): unknown };
type SqliteDatabase = { exec(sql: string): void; prepare(sql: string): Statement; close(): void };
const Database = createRequire(import.meta.url)('better-sqlite3') as new (path: string) => SqliteDatabase;

const PASSWORD = 'Bench#Pass2026';
/** Passed to the child; away from the ports other people's apps and tests use. */
const PORT = Number(process.env.BENCH_PORT ?? 39_000 + (process.pid % 1000));
const HEAP_MB = 96;

/** The child: the real app (same factory as main.ts) on the given SQLite file. */
async function serve(): Promise<void> {
  const { createApp } = await import('../../src/app.factory.js');
  const { loadConfig } = await import('../../src/config/app-config.js');
  const env = { ...process.env, NODE_ENV: 'test', LOG_LEVEL: 'silent', ADMIN_PASSWORD: PASSWORD };
  const app = await createApp(loadConfig(env));
  await app.init();
  await app.listen(PORT, '127.0.0.1');
  process.send?.('ready');
}

function request(
  method: string,
  path: string,
  headers: Record<string, string>,
  body?: string,
): Promise<http.IncomingMessage> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port: PORT, method, path, headers }, resolve);
    req.on('error', reject);
    req.end(body);
  });
}

async function json(res: http.IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  for await (const chunk of res) chunks.push(chunk as Buffer);
  return JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>;
}

async function startServer(sqlitePath: string): Promise<ChildProcess> {
  const child = fork(fileURLToPath(import.meta.url), ['serve'], {
    env: { ...process.env, SQLITE_PATH: sqlitePath, ADMIN_JS_SKIP_BUNDLE: 'true', BENCH_PORT: String(PORT) },
    // BENCH_NODE_ARGS: more flags for the app, e.g. --cpu-prof
    execArgv: [`--max-old-space-size=${HEAP_MB}`, ...(process.env.BENCH_NODE_ARGS?.split(' ').filter(Boolean) ?? [])],
  });
  const [message] = (await Promise.race([once(child, 'message'), once(child, 'exit')])) as unknown[];
  if (message !== 'ready') throw new Error(`the app did not start (${String(message)})`);
  return child;
}

const peakRssMb = (pid: number) => {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmHWM:\s+(\d+) kB/.exec(status)![1]) / 1024;
};
const currentRssMb = (pid: number) => {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+) kB/.exec(status)![1]) / 1024;
};

/** Bulk rows straight in SQL: a recursive counter, every customer owned by the first admin. */
function seed(sqlitePath: string, rows: number): void {
  const db = new Database(sqlitePath);
  db.exec('DELETE FROM customer_tags; DELETE FROM customer;');
  const admin = db.prepare('SELECT id FROM staff ORDER BY id LIMIT 1').get() as { id: number };
  db.prepare(
    `WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?)
     INSERT INTO customer (name, qq, phone, source, status, consultant_id, version, created_at, updated_at)
     SELECT '学员' || i, CAST(100000 + i AS TEXT), '138' || substr('00000000' || i, -8), i % 8, i % 2, ?, 1,
            datetime('now'), datetime('now') FROM n`,
  ).run(rows, admin.id);
  db.close();
}

async function measure(sqlitePath: string, format: string, rows: number) {
  const child = await startServer(sqlitePath);
  try {
    const login = await json(
      await request(
        'POST',
        '/api/v1/auth/login',
        { 'content-type': 'application/json' },
        JSON.stringify({ username: 'admin', password: PASSWORD }),
      ),
    );
    const idle = currentRssMb(child.pid!);
    const started = Date.now();
    const res = await request('GET', `/api/v1/customers/export?format=${format}`, {
      authorization: `Bearer ${String(login.accessToken)}`,
    });
    if (res.statusCode !== 200)
      throw new Error(`export answered ${res.statusCode}: ${JSON.stringify(await json(res))}`);
    let bytes = 0;
    for await (const chunk of res) bytes += (chunk as Buffer).length;
    const seconds = (Date.now() - started) / 1000;
    return { rows, format, seconds, mb: bytes / 1024 / 1024, idleRss: idle, peakRss: peakRssMb(child.pid!) };
  } finally {
    child.kill();
    await once(child, 'exit');
  }
}

async function main(): Promise<void> {
  const sizes = (process.argv[2] ?? '300000,1000000').split(',').map(Number);
  const formats = (process.argv[3] ?? 'csv,xlsx').split(',');
  const sqlitePath = join(tmpdir(), `easycrm-export-bench-${process.pid}.sqlite`);
  try {
    const first = await startServer(sqlitePath); // runs the migrations and creates the admin
    first.kill();
    await once(first, 'exit');
    console.log('rows\tformat\tseconds\tfile MB\tidle RSS MB\tpeak RSS MB');
    for (const rows of sizes) {
      seed(sqlitePath, rows);
      for (const format of formats) {
        const r = await measure(sqlitePath, format, rows);
        console.log(
          [r.rows, r.format, r.seconds.toFixed(1), r.mb.toFixed(1), r.idleRss.toFixed(0), r.peakRss.toFixed(0)].join(
            '\t',
          ),
        );
      }
    }
  } finally {
    for (const suffix of ['', '-wal', '-shm', '-journal']) rmSync(sqlitePath + suffix, { force: true });
  }
}

if (process.argv[2] === 'serve') await serve();
else await main();
