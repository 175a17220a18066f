/**
 * `npm run bench` — every scenario against the built app (`npm run build` first) on the bench database
 * (`npm run bench:seed` first), beside the raw mysql2 baseline; prints a markdown table.
 * `npm run bench:smoke` — the same on a scratch database with 10,000 customers, 2 s a scenario, dropped after.
 *
 * Options: --database-url URL | --sqlite PATH, --seed N (seed N customers first), --smoke, --duration S,
 * --connections N, --app-dir DIR (where dist/src/main.js is), --import-rows N, --out FILE, --log-level LEVEL,
 * --scenarios REGEX (only the scenarios whose name matches; no export or import).
 */
import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { appDatabaseEnv, dropDatabase, parseBenchDatabase } from './database.js';
import { describeEnvironment, settleDatabase } from './runner/environment.js';
import { discover } from './runner/context.js';
import { load } from './runner/load.js';
import { backOfficeSession, exportCustomers, importCustomers, soloLatency } from './runner/one-shot.js';
import { freePort, rssMb, startServer, stop, waitFor, type Server } from './runner/processes.js';
import { markdownFacts, markdownTable, type ScenarioResult } from './runner/report.js';
import { scenarios, type Scenario } from './runner/scenarios.js';
import { BENCH_PASSWORD } from './seed/reference-data.js';
import { DEFAULT_BENCH_DATABASE, seed } from './seed/main.js';

const { values: args } = parseArgs({
  options: {
    'database-url': { type: 'string' },
    sqlite: { type: 'string' },
    seed: { type: 'string' },
    smoke: { type: 'boolean', default: false },
    duration: { type: 'string' },
    connections: { type: 'string', default: '32' },
    'app-dir': { type: 'string', default: '.' },
    'import-rows': { type: 'string' },
    out: { type: 'string' },
    'log-level': { type: 'string', default: 'warn' },
    scenarios: { type: 'string' },
  },
});
const log = (line: string) => process.stderr.write(`${line}\n`);
const secret = () => randomBytes(32).toString('base64url');

const scratch = `mariadb://root@127.0.0.1:3306/easycrm_bench_smoke_${process.pid}`;
const db = parseBenchDatabase(
  args.sqlite ??
    args['database-url'] ??
    process.env.BENCH_DATABASE_URL ??
    (args.smoke ? scratch : DEFAULT_BENCH_DATABASE),
);
const seedCustomers = args.seed ? Number(args.seed) : args.smoke ? 10_000 : 0;
const seconds = Number(args.duration ?? (args.smoke ? 2 : 10));
const connections = Number(args.connections);

async function runScenario(app: Server, baseline: Server | undefined, s: Scenario): Promise<ScenarioResult> {
  const conns = s.connections ?? connections;
  const first = s.app.next?.() ?? {};
  const init = { method: s.app.method ?? 'GET', headers: { 'content-type': 'application/json', ...s.app.headers } };
  await settleDatabase(db);
  const soloMs = await soloLatency(app.url + (first.path ?? s.app.path), { ...init, body: first.body });
  const appResult = await load(app.url, s.app, conns, seconds);
  await settleDatabase(db);
  const raw = baseline && s.baseline ? await load(baseline.url, s.baseline, conns, seconds) : undefined;
  log(
    `  ${s.name}: ${appResult.rps.toFixed(0)} req/s, p99 ${appResult.p99} ms${raw ? `; raw ${raw.rps.toFixed(0)} req/s` : ''}`,
  );
  return { name: s.name, connections: conns, app: appResult, soloMs, baseline: raw };
}

async function main(): Promise<string> {
  const servers: Server[] = [];
  try {
    if (seedCustomers) {
      log(`Seeding ${seedCustomers} customers…`);
      log(`  done in ${(await seed(db, seedCustomers)).seconds.toFixed(1)} s`);
    }
    const environment = await describeEnvironment(db).catch((error: Error & { code?: string }) => {
      if (error.code !== 'ER_BAD_DB_ERROR') throw error;
      throw new Error(`${error.message}: seed it first with npm run bench:seed`);
    });
    const startedAt = Date.now();
    const app = startServer(
      ['node', 'dist/src/main.js'],
      {
        ...appDatabaseEnv(db),
        NODE_ENV: 'production',
        JWT_SECRET: secret(),
        ADMIN_SESSION_SECRET: secret(),
        ACCESS_TOKEN_TTL: '12h', // outlives the run
        LOG_LEVEL: args['log-level']!,
      },
      await freePort(),
      resolve(args['app-dir']!),
    );
    servers.push(app);
    const readyMs = await waitFor(app, '/health/ready', startedAt);
    const apiOnlyRss = rssMb(app.pid); // the back office loads after the API answers
    const backOfficeMs = await waitFor(app, '/admin/login', startedAt);
    await sleep(2000);
    const idleRss = rssMb(app.pid);
    log(`App ready in ${readyMs} ms, back office in ${backOfficeMs} ms, idle RSS ${idleRss.toFixed(0)} MiB`);

    let baseline: Server | undefined;
    if (db.kind === 'mysql') {
      const script = fileURLToPath(new URL('./baseline/server.js', import.meta.url));
      baseline = startServer(['node', script], { BASELINE_DATABASE_URL: db.url }, await freePort(), process.cwd());
      servers.push(baseline);
      await waitFor(baseline, '/ready', Date.now());
    }
    const ctx = await discover(app, db);
    const { cookie } = await backOfficeSession(app, 'manager01', BENCH_PASSWORD);
    const all: Scenario[] = [
      ...scenarios(ctx),
      {
        name: 'back office: customer list (1 user)',
        app: { path: '/admin/api/resources/Customer/actions/list', headers: { cookie } },
        connections: 1,
      },
    ];
    log(`Scenarios: ${seconds} s each, ${connections} connections`);
    const results: ScenarioResult[] = [];
    const only = args.scenarios ? new RegExp(args.scenarios) : undefined;
    for (const scenario of all.filter((s) => !only || only.test(s.name))) {
      results.push(await runScenario(app, baseline, scenario));
    }

    const facts: [string, string][] = [
      ['cold start: /health/ready answers', `${readyMs} ms`],
      ['cold start: back office /admin/login answers', `${backOfficeMs} ms`],
      [
        'idle RSS after start',
        `${idleRss.toFixed(0)} MiB (${apiOnlyRss.toFixed(0)} MiB before the back office loaded)`,
      ],
    ];
    // --scenarios: the chosen scenarios only, without the export and the import (which add rows)
    const exported = only ? undefined : await exportCustomers(app, ctx.manager);
    if (exported) {
      facts.push(
        exported.status === 404
          ? ['export', 'not in this build (404)']
          : [
              'export: all customers as CSV',
              `${exported.status}, ${exported.lines.toLocaleString('en')} lines, ${exported.megabytes.toFixed(0)} MB in ` +
                `${exported.seconds.toFixed(1)} s, peak RSS ${exported.peakRssMb.toFixed(0)} MiB`,
            ],
      );
    }
    const importRows = Number(args['import-rows'] ?? (args.smoke ? 2_000 : 100_000));
    const imported = only ? undefined : await importCustomers(app, ctx.manager, importRows, ctx.runTag);
    if (imported) {
      facts.push(
        imported.status === 404
          ? ['import', 'not in this build (404)']
          : [
              `import: ${importRows.toLocaleString('en')} new customers from CSV`,
              `${imported.status} in ${imported.seconds.toFixed(1)} s = ${imported.rowsPerSecond.toFixed(0)} rows/s, ` +
                `peak RSS ${imported.peakRssMb.toFixed(0)} MiB${imported.status === 200 ? '' : `: ${imported.detail}`}`,
            ],
      );
    }
    // slow is a result; an error answer means the harness or the app is broken
    const failed = results
      .filter((r) => r.app.non2xx > 0 || (r.baseline?.non2xx ?? 0) > 0)
      .map((r) => r.name)
      .concat(!exported || exported.status === 200 || exported.status === 404 ? [] : ['export'])
      .concat(!imported || imported.status === 200 || imported.status === 404 ? [] : ['import']);
    const report = [markdownFacts(environment), '', markdownTable(results), '', markdownFacts(facts), ''].join('\n');
    if (failed.length) throw Object.assign(new Error(`scenarios failing: ${failed.join(', ')}`), { report });
    return report;
  } finally {
    for (const server of servers) await stop(server);
    if (args.smoke) await dropDatabase(db); // the smoke run seeded it: a scratch database
  }
}

main().then(
  (report) => {
    if (args.out) writeFileSync(args.out, report);
    process.stdout.write(report);
  },
  (error: Error & { report?: string }) => {
    if (error.report) process.stdout.write(error.report);
    console.error(error);
    process.exit(1);
  },
);
