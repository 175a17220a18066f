import type { LoadResult } from './load.js';

export interface ScenarioResult {
  name: string;
  connections: number;
  app: LoadResult;
  /** One request at a time, before the load: the latency without queueing. */
  soloMs: number;
  baseline?: LoadResult;
}

const fixed = (n: number, digits = 0) => (Number.isFinite(n) ? n.toFixed(digits) : '—');
/** Requests that failed, and how: no answer in time, or which statuses other than 2xx. */
function failures(r: LoadResult): string {
  if (!r.failed) return '0';
  const how = [
    r.timeouts ? `${r.timeouts} timed out` : '',
    ...Object.entries(r.statusCodes).map(([c, n]) => `${n}× ${c}`),
  ];
  return `${r.failed} of ${r.attempts} (${how.filter(Boolean).join(', ') || 'connection errors'})`;
}

/** Latency of the answered requests; none answered: every one waited past autocannon's 10 s timeout. */
const latency = (r: LoadResult, n: number) => (r.total > 0 ? fixed(n) : '> 10000');

export function markdownTable(results: ScenarioResult[]): string {
  const rows = [
    '| scenario | conns | req/s | p50 ms | p99 ms | 1 req ms | raw req/s | raw p50 | raw p99 | ratio to raw | failed (app; raw) |',
    '| --- | --: | --: | --: | --: | --: | --: | --: | --: | --: | --: |',
  ];
  for (const r of results) {
    const raw = r.baseline;
    rows.push(
      `| ${r.name} | ${r.connections} | ${fixed(r.app.rps)} | ${latency(r.app, r.app.p50)} | ${latency(r.app, r.app.p99)} | ` +
        `${fixed(r.soloMs)} | ${raw ? fixed(raw.rps) : '—'} | ${raw ? latency(raw, raw.p50) : '—'} | ` +
        `${raw ? latency(raw, raw.p99) : '—'} | ` +
        `${raw && raw.rps > 0 ? `${fixed(r.app.rps / raw.rps, 2)}×` : '—'} | ` +
        `${failures(r.app)}${raw?.failed ? `; raw ${failures(raw)}` : ''} |`,
    );
  }
  return rows.join('\n');
}

export function markdownFacts(facts: [string, string][]): string {
  return ['| measure | value |', '| --- | --- |', ...facts.map(([k, v]) => `| ${k} | ${v} |`)].join('\n');
}
