/**
 * `node dist/bench-build/bench/import.js` — only the import scenario of `npm run bench`: starts the built app on a
 * seeded bench database, signs in as manager01 and imports N new customers from CSV (the runner's file, mode
 * valid-rows), then prints rows/s and the app's peak RSS. For profiling the import without the whole run.
 *
 * Options: --database-url URL | --sqlite PATH, --rows N (default 100000), --runs N (default 1),
 * --app-dir DIR, --node-arg ARG (repeatable: e.g. --node-arg=--cpu-prof --node-arg=--cpu-prof-dir=/tmp/prof).
 * With --cpu-prof the app exits on SIGUSR2 with process.exit, so that Node writes the profile (a signal that
 * kills it, as Nest's shutdown hooks do after closing, would leave none).
 */
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { appDatabaseEnv, parseBenchDatabase } from './database.js';
import { importCustomers, login } from './runner/one-shot.js';
import { startServer, stop, waitFor } from './runner/processes.js';
import { BENCH_PASSWORD } from './seed/reference-data.js';
import { DEFAULT_BENCH_DATABASE } from './seed/main.js';

const { values: args } = parseArgs({
  options: {
    'database-url': { type: 'string' },
    sqlite: { type: 'string' },
    rows: { type: 'string', default: '100000' },
    runs: { type: 'string', default: '1' },
    'app-dir': { type: 'string', default: '.' },
    'node-arg': { type: 'string', multiple: true, default: [] },
  },
});
const db = parseBenchDatabase(args.sqlite ?? args['database-url'] ?? DEFAULT_BENCH_DATABASE);
const port = 39_900 + (process.pid % 50);
const secret = () => randomBytes(32).toString('base64url');
const profiling = args['node-arg']!.some((a) => a.startsWith('--cpu-prof'));
const exitOnUsr2 = `--import=data:text/javascript,process.on('SIGUSR2',()=>process.exit(0))`;

/** CPU seconds (user + system) a local process has used; undefined when it cannot be read. */
function cpuSeconds(pid: number | undefined): number | undefined {
  if (!pid) return undefined;
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100; // utime, stime in clock ticks (100 a second)
  } catch {
    return undefined;
  }
}
/** The local database server's pid, to see its share of the CPU (a remote one: none). */
function databasePid(): number | undefined {
  try {
    return (
      Number(execFileSync('pidof', ['mariadbd', 'mysqld'], { encoding: 'utf8' }).trim().split(' ')[0]) || undefined
    );
  } catch {
    return undefined;
  }
}

const app = startServer(
  ['node', ...args['node-arg']!, ...(profiling ? [exitOnUsr2] : []), 'dist/src/main.js'],
  {
    ...appDatabaseEnv(db),
    NODE_ENV: 'production',
    JWT_SECRET: secret(),
    ADMIN_SESSION_SECRET: secret(),
    ACCESS_TOKEN_TTL: '12h',
    LOG_LEVEL: 'warn',
  },
  port,
  resolve(args['app-dir']!),
);
try {
  await waitFor(app, '/health/ready', Date.now());
  const manager = await login(app, 'manager01', BENCH_PASSWORD);
  const rows = Number(args.rows);
  for (let run = 0; run < Number(args.runs); run++) {
    const tag = (Math.floor(Date.now() / 1000) + run) % 10_000;
    const dbPid = db.kind === 'mysql' ? databasePid() : undefined;
    const [appCpu, dbCpu] = [cpuSeconds(app.pid), cpuSeconds(dbPid)];
    const result = await importCustomers(app, manager, rows, tag);
    const cpu = (pid: number | undefined, before: number | undefined) =>
      before === undefined ? '?' : (cpuSeconds(pid)! - before).toFixed(1);
    const body = result.status === 200 ? JSON.parse(result.detail.length < 300 ? result.detail : '{}') : undefined;
    process.stdout.write(
      `import ${rows} rows: ${result.status} in ${result.seconds.toFixed(1)} s = ${result.rowsPerSecond.toFixed(0)} rows/s, ` +
        `peak RSS ${result.peakRssMb.toFixed(0)} MiB, CPU s: app ${cpu(app.pid, appCpu)}, database ${cpu(dbPid, dbCpu)}${body?.created !== undefined ? `, created ${body.created}, failed ${body.failed}` : `: ${result.detail}`}\n`,
    );
  }
} finally {
  if (profiling) {
    app.child.kill('SIGUSR2');
    await new Promise((done) => app.child.once('exit', done));
  } else {
    await stop(app);
  }
}
