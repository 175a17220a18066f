import http from 'node:http';
import { resetPeakRss, rssMb, type Server } from './processes.js';

/** `GET path` with `headers`: the status and the parsed JSON body. */
export async function getJson(server: Server, path: string, headers: Record<string, string> = {}) {
  const res = await fetch(server.url + path, { headers });
  const body = (await res.json().catch(() => null)) as Record<string, unknown> | null;
  return { status: res.status, body };
}

/** Median of `times` sequential requests, in ms: a scenario's latency without queueing. */
export async function soloLatency(url: string, init: RequestInit, times = 3): Promise<number> {
  const samples: number[] = [];
  for (let i = 0; i < times; i++) {
    const started = performance.now();
    const res = await fetch(url, init);
    await res.arrayBuffer();
    samples.push(performance.now() - started);
  }
  return samples.sort((a, b) => a - b)[Math.floor(times / 2)];
}

export async function login(server: Server, username: string, password: string): Promise<Record<string, string>> {
  const res = await fetch(`${server.url}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  const body = (await res.json()) as { accessToken?: string };
  if (res.status !== 200 || !body.accessToken)
    throw new Error(`login ${username}: ${res.status} ${JSON.stringify(body)}`);
  return { authorization: `Bearer ${body.accessToken}` };
}

/** Signs in to the back office as a browser does; returns the session cookie header. */
export async function backOfficeSession(server: Server, username: string, password: string) {
  const res = await fetch(`${server.url}/admin/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ email: username, password }).toString(),
    redirect: 'manual',
  });
  const cookie = res.headers.get('set-cookie')?.split(';')[0];
  if (res.status !== 302 || !cookie) throw new Error(`back-office sign-in: ${res.status}`);
  return { cookie };
}

export interface ExportResult {
  status: number;
  seconds: number;
  megabytes: number;
  lines: number;
  peakRssMb: number;
}

/** Downloads the CSV export of every customer; the server's peak RSS is measured from just before it. */
export async function exportCustomers(server: Server, headers: Record<string, string>): Promise<ExportResult> {
  resetPeakRss(server.pid);
  const started = performance.now();
  const res = await fetch(`${server.url}/api/v1/customers/export?format=csv`, { headers });
  let bytes = 0;
  let lines = 0;
  for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
    bytes += chunk.length;
    for (const byte of chunk) if (byte === 10) lines++;
  }
  return {
    status: res.status,
    seconds: (performance.now() - started) / 1000,
    megabytes: bytes / 1024 / 1024,
    lines,
    peakRssMb: rssMb(server.pid, 'VmHWM'),
  };
}

export interface ImportResult {
  status: number;
  rows: number;
  seconds: number;
  rowsPerSecond: number;
  detail: string;
  peakRssMb: number;
}

/** A multipart/form-data body with the CSV as `file` and the other fields as text. */
function multipart(csv: string, fields: Record<string, string>) {
  const boundary = `bench${Date.now()}`;
  const parts = Object.entries(fields).map(
    ([name, value]) => `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`,
  );
  parts.push(
    `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="customers.csv"\r\n` +
      `Content-Type: text/csv\r\n\r\n${csv}\r\n--${boundary}--\r\n`,
  );
  return { body: Buffer.from(parts.join('')), type: `multipart/form-data; boundary=${boundary}` };
}

/** POST over node:http: fetch gives up on answers slower than 300 s, which a big import can be. */
function post(url: string, headers: Record<string, string>, body: Buffer): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method: 'POST', headers: { ...headers, 'content-length': body.length } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode!, text: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

/** Uploads a CSV of `rows` new customers (the export's columns) and times the import. */
export async function importCustomers(
  server: Server,
  headers: Record<string, string>,
  rows: number,
  runTag: number,
): Promise<ImportResult> {
  const lines = ['Name,QQ,Phone,Source'];
  const tag = String(runTag).padStart(4, '0');
  for (let i = 1; i <= rows; i++) {
    const n = String(i).padStart(6, '0');
    lines.push(`导入${n},8${tag}${n},167${tag.slice(-2)}${n},Official website`);
  }
  // a row the import refuses is reported, not fatal
  const form = multipart(`${lines.join('\n')}\n`, { mode: 'valid-rows' });
  resetPeakRss(server.pid);
  const started = performance.now();
  const res = await post(`${server.url}/api/v1/customers/import`, { ...headers, 'content-type': form.type }, form.body);
  const seconds = (performance.now() - started) / 1000;
  return {
    status: res.status,
    rows,
    seconds,
    rowsPerSecond: rows / seconds,
    detail: res.text.slice(0, 300),
    peakRssMb: rssMb(server.pid, 'VmHWM'),
  };
}
