/**
 * `npm run bench:soak` — a soak test, not run in CI: the built app (`npm run build` first) under mixed reads and
 * writes for 5 minutes at 64 connections, its memory sampled every few seconds. Prints the totals as markdown:
 * requests, answers other than 2xx by step and status (there must be none), latency percentiles, RSS at start,
 * peak, end and its trend. Exits 1 when any request failed.
 *
 * Options: --database-url URL (default mariadb://root@127.0.0.1:3306/easycrm_bench_soak; its name must contain
 * "bench"), --seed N (recreate it with N customers first; without it the database is reused), --duration S
 * (300), --connections N (64), --sample S (5), --app-dir DIR, --log-level LEVEL, --out FILE.
 */
import autocannon, { type Request } from 'autocannon';
import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { parseArgs } from 'node:util';
import { appDatabaseEnv, parseBenchDatabase } from './database.js';
import { discover } from './runner/context.js';
import { describeEnvironment } from './runner/environment.js';
import { freePort, rssMb, startServer, stop, waitFor } from './runner/processes.js';
import { markdownFacts } from './runner/report.js';
import type { BenchContext } from './runner/scenarios.js';
import { seed } from './seed/main.js';

const { values: args } = parseArgs({
  options: {
    'database-url': { type: 'string', default: 'mariadb://root@127.0.0.1:3306/easycrm_bench_soak' },
    seed: { type: 'string' },
    duration: { type: 'string', default: '300' },
    connections: { type: 'string', default: '64' },
    sample: { type: 'string', default: '5' },
    'app-dir': { type: 'string', default: '.' },
    'log-level': { type: 'string', default: 'warn' },
    out: { type: 'string' },
  },
});
const log = (line: string) => process.stderr.write(`${line}\n`);
const db = parseBenchDatabase(args['database-url']!);
const seconds = Number(args.duration);
const connections = Number(args.connections);
const API = '/api/v1';

type Context = { id?: number; version?: number; sentAt?: number };
/** Per step: requests sent, answers by status, and each answer's latency in ms. */
type Tally = Record<string, { sent: number; statuses: Record<number, number>; ms: number[] }>;
const pick = <T>(items: T[]) => items[Math.floor(Math.random() * items.length)];

/**
 * One connection's cycle: lists, details, searches, an overview, a new customer that it then reads, updates
 * with its version and follows up, and every fifth cycle or so a report instead of a detail. Each step counts
 * its answers by status in `tally`.
 */
function cycle(ctx: BenchContext, tally: Tally): Request[] {
  let created = 0;
  const tag = String(ctx.runTag).padStart(4, '0');
  const step = (name: string, request: Request, onResponse?: (body: string, context: Context) => void): Request => {
    const stats: Tally[string] = { sent: 0, statuses: {}, ms: [] };
    tally[name] = stats;
    return {
      ...request,
      setupRequest: (req: Request, context: Context) => {
        const ready = request.setupRequest ? request.setupRequest(req, context) : req;
        if (ready) {
          stats.sent++;
          context.sentAt = performance.now();
        }
        return ready;
      },
      onResponse: (status: number, body: string, context: Context) => {
        stats.statuses[status] = (stats.statuses[status] ?? 0) + 1;
        stats.ms.push(performance.now() - context.sentAt!);
        if (status < 300 && onResponse) onResponse(body, context);
      },
    };
  };
  const json = { 'content-type': 'application/json' };
  const keep = (body: string, context: Context) => {
    const { id, version } = JSON.parse(body) as { id: number; version: number };
    Object.assign(context, { id, version });
  };
  const own = (make: (context: Context) => Partial<Request>) => (req: Request, context: Context) =>
    context.id ? { ...req, ...make(context) } : undefined; // no customer of its own: start the cycle again
  return [
    step('list page 1', { path: `${API}/customers?page=1`, headers: ctx.manager }),
    step('customer detail', {
      headers: ctx.manager,
      setupRequest: (req) => ({ ...req, path: `${API}/customers/${pick(ctx.customerIds)}` }),
    }),
    step('search name prefix', {
      path: `${API}/customers?q=${encodeURIComponent(ctx.namePrefix)}`,
      headers: ctx.manager,
    }),
    step(
      'create customer',
      {
        method: 'POST',
        headers: { ...ctx.consultant, ...json },
        setupRequest: (req) => {
          const n = String(++created).padStart(6, '0');
          const body = { name: `浸泡${n}`, qq: `6${tag}${n}`, phone: `165${tag.slice(-2)}${n}`, source: 2 };
          return { ...req, path: `${API}/customers`, body: JSON.stringify(body) };
        },
      },
      keep,
    ),
    step('own customer detail', {
      headers: ctx.consultant,
      setupRequest: own((c) => ({ path: `${API}/customers/${c.id}` })),
    }),
    step(
      'update customer (with version)',
      {
        method: 'PATCH',
        headers: { ...ctx.consultant, ...json },
        setupRequest: own((c) => ({
          path: `${API}/customers/${c.id}`,
          body: JSON.stringify({ memo: `soak ${Date.now()}`, version: c.version }),
        })),
      },
      keep,
    ),
    step('create follow-up', {
      method: 'POST',
      headers: { ...ctx.consultant, ...json },
      setupRequest: own((c) => ({
        path: `${API}/customers/${c.id}/followups`,
        body: JSON.stringify({ intention: 2, content: '浸泡测试：电话回访' }),
      })),
    }),
    step('list page 1, consultant scope', { path: `${API}/customers?page=1`, headers: ctx.consultant }),
    step('customer overview', {
      headers: ctx.manager,
      setupRequest: (req) => ({ ...req, path: `${API}/customers/${pick(ctx.customerIds)}/overview` }),
    }),
    step('filter status + source', { path: `${API}/customers?status=1&source=3`, headers: ctx.manager }),
    step('search phone', { path: `${API}/customers?q=${ctx.phone}`, headers: ctx.manager }),
    step('report (1 in 5) or follow-ups due', {
      headers: ctx.manager,
      setupRequest: (req) => ({
        ...req,
        path:
          Math.random() < 0.2
            ? `${API}/reports/${pick(['funnel', 'sales', 'follow-ups', 'enrollments'])}`
            : `${API}/followups/due`,
      }),
    }),
  ];
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))];

/** One row per step: sent, answered, not 2xx, no answer (timeouts), latency percentiles. */
function stepTable(tally: Tally): string {
  const rows = Object.entries(tally).map(([name, { sent, statuses, ms }]) => {
    const sorted = [...ms].sort((a, b) => a - b);
    const bad = Object.entries(statuses).reduce((n, [status, count]) => n + (Number(status) >= 300 ? count : 0), 0);
    const at = (p: number) => (sorted.length ? percentile(sorted, p).toFixed(0) : '—');
    return `| ${name} | ${sent} | ${ms.length} | ${bad} | ${sent - ms.length} | ${at(0.5)} | ${at(0.99)} | ${at(1)} |`;
  });
  return [
    '| step | sent | answered | not 2xx | no answer | p50 ms | p99 ms | max ms |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...rows,
  ].join('\n');
}

/** Least-squares slope of RSS over time, in MiB per minute. */
function slope(samples: { s: number; rss: number }[]): number {
  const n = samples.length;
  const mx = samples.reduce((a, p) => a + p.s, 0) / n;
  const my = samples.reduce((a, p) => a + p.rss, 0) / n;
  const num = samples.reduce((a, p) => a + (p.s - mx) * (p.rss - my), 0);
  const den = samples.reduce((a, p) => a + (p.s - mx) ** 2, 0);
  return den ? (num / den) * 60 : 0;
}

async function main(): Promise<{ report: string; failed: number }> {
  if (args.seed) {
    log(`Seeding ${args.seed} customers into ${db.kind === 'mysql' ? db.name : db.path}…`);
    log(`  done in ${(await seed(db, Number(args.seed))).seconds.toFixed(1)} s`);
  }
  const environment = await describeEnvironment(db).catch((error: Error & { code?: string }) => {
    if (error.code !== 'ER_BAD_DB_ERROR') throw error;
    throw new Error(`${error.message}: seed it first (--seed N, or npm run bench:seed)`);
  });
  const secret = () => randomBytes(32).toString('base64url');
  const app = startServer(
    ['node', 'dist/src/main.js'],
    {
      ...appDatabaseEnv(db),
      NODE_ENV: 'production',
      JWT_SECRET: secret(),
      ADMIN_SESSION_SECRET: secret(),
      ACCESS_TOKEN_TTL: '12h',
      LOG_LEVEL: args['log-level']!,
    },
    await freePort(),
    resolve(args['app-dir']!),
  );
  try {
    await waitFor(app, '/admin/login', Date.now()); // the back office has loaded too
    const ctx = await discover(app, db);
    await sleep(2_000);
    const samples: { s: number; rss: number; load: number }[] = [];
    const started = Date.now();
    const sample = () => samples.push({ s: (Date.now() - started) / 1000, rss: rssMb(app.pid), load: loadavg()[0] });
    sample();
    const timer = setInterval(sample, Number(args.sample) * 1000);
    const tally: Tally = {};
    log(`Soak: ${seconds} s, ${connections} connections, ${ctx.liveCustomers.toLocaleString('en')} customers`);
    const result = await autocannon({
      url: app.url,
      connections,
      duration: seconds,
      timeout: 30,
      requests: cycle(ctx, tally),
    });
    clearInterval(timer);
    sample();

    const rss = samples.map((p) => p.rss);
    const secondHalf = samples.filter((p) => p.s >= seconds / 2);
    const failures = Object.entries(tally).flatMap(([name, { statuses }]) =>
      Object.entries(statuses)
        .filter(([status]) => Number(status) >= 300)
        .map(([status, n]) => `${name}: ${n} × ${status}`),
    );
    const failed = result.non2xx + result.errors;
    const lat = result.latency;
    const facts: [string, string][] = [
      ['command', `npm run bench:soak -- ${process.argv.slice(2).join(' ')}`.trim()],
      ['load', `${seconds} s, ${connections} connections, ${Object.keys(tally).length} kinds of request in a cycle`],
      [
        'requests',
        `${result.requests.total.toLocaleString('en')} answered (${result.requests.average.toFixed(0)} req/s on average)`,
      ],
      [
        'errors',
        `${result.non2xx} non-2xx, ${result.errors} without an answer (${result.timeouts} timeouts)` +
          (failures.length ? `: ${failures.join('; ')}` : ''),
      ],
      ['latency', `p50 ${lat.p50} ms, p90 ${lat.p90} ms, p99 ${lat.p99} ms, max ${lat.max} ms`],
      [
        'app RSS',
        `start ${rss[0].toFixed(0)} MiB, max ${Math.max(...rss).toFixed(0)} MiB, end ${rss.at(-1)!.toFixed(0)} MiB ` +
          `(${samples.length} samples every ${args.sample} s)`,
      ],
      [
        'RSS trend',
        `${slope(samples).toFixed(2)} MiB/min over the run, ${slope(secondHalf).toFixed(2)} MiB/min over its second half`,
      ],
      [
        'machine load (1-min average)',
        `${Math.min(...samples.map((p) => p.load)).toFixed(1)}–${Math.max(...samples.map((p) => p.load)).toFixed(1)} ` +
          `on ${cpus().length} cores (this run's app, database and load generator, and anything else running)`,
      ],
    ];
    const rssSeries = samples
      .filter((_, i) => i % Math.max(1, Math.round(samples.length / 20)) === 0)
      .map((p) => `${p.s.toFixed(0)} s: ${p.rss.toFixed(0)}`)
      .join(', ');
    const report = [
      markdownFacts(environment),
      '',
      markdownFacts(facts),
      '',
      stepTable(tally),
      '',
      `RSS (MiB) over time: ${rssSeries}`,
      '',
    ];
    return { report: report.join('\n'), failed };
  } finally {
    await stop(app);
  }
}

main().then(
  ({ report, failed }) => {
    if (args.out) writeFileSync(args.out, report);
    process.stdout.write(report);
    if (failed) {
      console.error(`${failed} requests failed`);
      process.exit(1);
    }
  },
  (error: Error) => {
    console.error(error);
    process.exit(1);
  },
);
