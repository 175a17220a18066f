import autocannon, { type Request } from 'autocannon';

export interface LoadResult {
  rps: number;
  p50: number;
  p99: number;
  /** Requests that got no answer (errors, including timeouts) or answered other than 2xx. */
  failed: number;
  /** Answers other than 2xx: the scenario is broken, not slow. */
  non2xx: number;
  /** How many of each status other than 2xx, and requests that got no answer in time. */
  statusCodes: Record<string, number>;
  timeouts: number;
  /** Requests sent: answered ones plus those that got no answer. */
  attempts: number;
  total: number;
}

export interface LoadSpec {
  method?: 'GET' | 'POST';
  path: string;
  headers?: Record<string, string>;
  /** A fresh body (or path) per request: unique qq and phone for creates, random ids for reads. */
  next?: () => { path?: string; body?: string };
}

/** Runs one scenario for `seconds` with `connections` keep-alive connections. */
export async function load(baseUrl: string, spec: LoadSpec, connections: number, seconds: number): Promise<LoadResult> {
  const request: Request = {
    method: spec.method ?? 'GET',
    path: spec.path,
    headers: { ...(spec.method === 'POST' ? { 'content-type': 'application/json' } : {}), ...spec.headers },
  };
  if (spec.next) {
    const next = spec.next;
    request.setupRequest = (req) => ({ ...req, ...next() });
  }
  const result = await autocannon({ url: baseUrl, connections, duration: seconds, requests: [request] });
  return {
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    failed: result.errors + result.non2xx, // errors already count the timeouts
    non2xx: result.non2xx,
    statusCodes: Object.fromEntries(
      Object.entries(result.statusCodeStats ?? {})
        .filter(([code]) => !code.startsWith('2'))
        .map(([code, { count }]) => [code, count]),
    ),
    timeouts: result.timeouts,
    attempts: result.requests.total + result.errors,
    total: result.requests.total,
  };
}
