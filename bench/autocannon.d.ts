// The part of autocannon's programmatic API the runner uses (the package ships no types).
declare module 'autocannon' {
  export interface Request {
    method?: string;
    path?: string;
    headers?: Record<string, string>;
    body?: string;
    /** A falsy answer starts the connection's sequence of requests again, with a fresh context. */
    setupRequest?: (request: Request, context: any) => Request | undefined; // eslint-disable-line @typescript-eslint/no-explicit-any
    onResponse?: (status: number, body: string, context: any) => void; // eslint-disable-line @typescript-eslint/no-explicit-any
  }
  export interface Options {
    url: string;
    connections?: number;
    duration?: number;
    method?: string;
    headers?: Record<string, string>;
    body?: string;
    requests?: Request[];
    /** Seconds before a request counts as a timeout (10). */
    timeout?: number;
  }
  export interface Histogram {
    average: number;
    p50: number;
    p90: number;
    p99: number;
    max: number;
  }
  export interface Result {
    requests: Histogram & { total: number };
    latency: Histogram;
    errors: number;
    timeouts: number;
    non2xx: number;
    '2xx': number;
    statusCodeStats?: Record<string, { count: number }>;
  }
  function autocannon(options: Options): Promise<Result>;
  export default autocannon;
}
