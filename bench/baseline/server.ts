/**
 * The raw limit: the app's SQL for the read scenarios through a mysql2 pool behind node:http, no framework,
 * no auth. `BASELINE_DATABASE_URL=mysql://… PORT=… node <build>/bench/baseline/server.js`
 */
import http from 'node:http';
import mysql from 'mysql2/promise';
import { customerDetail, customerList } from './queries.js';

const pool = mysql.createPool({
  uri: process.env.BASELINE_DATABASE_URL!.replace(/^mariadb:/, 'mysql:'),
  connectionLimit: Number(process.env.DATABASE_POOL_SIZE ?? 10), // the app's default pool size
  charset: 'utf8mb4_unicode_ci',
  timezone: 'Z',
  dateStrings: ['DATE'],
});

const optionalNumber = (value: string | null) => (value === null ? undefined : Number(value));

async function handle(url: URL): Promise<unknown> {
  const detail = /^\/customers\/(\d+)$/.exec(url.pathname);
  if (detail) {
    const [rows] = (await pool.query(...customerDetail(Number(detail[1])))) as [unknown[], unknown];
    return rows.length ? rows : null;
  }
  if (url.pathname === '/customers') {
    const [rows, count] = customerList({
      page: Number(url.searchParams.get('page') ?? 1),
      after: optionalNumber(url.searchParams.get('after')),
      pageSize: Number(url.searchParams.get('pageSize') ?? 20),
      status: optionalNumber(url.searchParams.get('status')),
      source: optionalNumber(url.searchParams.get('source')),
      consultantId: optionalNumber(url.searchParams.get('consultantId')),
      q: url.searchParams.get('q') ?? undefined,
    });
    const [data] = await pool.query(...rows);
    const [[{ cnt }]] = (await pool.query(...count)) as [{ cnt: number }[], unknown];
    return { data, meta: { total: Number(cnt) } };
  }
  if (url.pathname === '/ready') return { ok: true };
  return undefined;
}

http
  .createServer((req, res) => {
    handle(new URL(req.url!, 'http://baseline'))
      .then((body) => {
        res.writeHead(body === undefined ? 404 : 200, { 'content-type': 'application/json' });
        res.end(JSON.stringify(body ?? { error: 'not found' }));
      })
      .catch((error: Error) => {
        res.writeHead(500, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ error: error.message }));
      });
  })
  .listen(Number(process.env.PORT), '127.0.0.1', () => console.log('baseline ready'));
