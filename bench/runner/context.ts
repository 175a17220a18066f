import { listOrder } from '../../src/common/list/paginate.js';
import { encodeCursor } from '../../src/common/list/keyset.js';
import { CUSTOMER_LIST } from '../../src/customers/customer-list.service.js';
import { benchQuery, type BenchDatabase } from '../database.js';
import { BENCH_PASSWORD } from '../seed/reference-data.js';
import { getJson, login } from './one-shot.js';
import type { Server } from './processes.js';
import type { BenchContext } from './scenarios.js';

const API = '/api/v1';
const SAMPLE_IDS = 200;

interface CustomerRow {
  id: number;
  name: string;
  phone: string;
}

async function customers(app: Server, query: string, auth: Record<string, string>) {
  const { status, body } = await getJson(app, `${API}/customers?${query}`, auth);
  if (status !== 200) throw new Error(`GET customers?${query}: ${status} ${JSON.stringify(body)}`);
  return body as unknown as { data: CustomerRow[]; meta: { total: number } };
}

/**
 * The cursor of the page that starts `fraction` of the way down the customer list (newest first), as the app
 * would give it in `meta.next`, and the id of the row it names (the baseline's `after`). From the database:
 * the API pages that deep only by following cursors.
 */
async function cursorAt(db: BenchDatabase, live: number, fraction: number) {
  const offset = Math.max(0, Math.floor(live * fraction) - 1);
  const [row] = await benchQuery<{ id: number }>(
    db,
    'SELECT id FROM customer WHERE deleted_at IS NULL ORDER BY created_at DESC, id DESC LIMIT 1 OFFSET ' + offset,
  );
  return { cursor: encodeCursor(listOrder({}, CUSTOMER_LIST, 'c'), Number(row.id)), after: Number(row.id) };
}

/** Signs in as a manager and a consultant (the seed's accounts) and reads what the scenarios need. */
export async function discover(app: Server, db: BenchDatabase): Promise<BenchContext> {
  const manager = await login(app, 'manager01', BENCH_PASSWORD);
  const consultant = await login(app, 'consultant01', BENCH_PASSWORD);
  const me = await getJson(app, `${API}/auth/me`, consultant);
  const newest = await customers(app, 'pageSize=1', manager);
  const maxId = newest.data[0].id;
  // live customers spread over the whole table (ids of soft-deleted ones answer 404 and are skipped)
  const customerIds: number[] = [];
  let middle: CustomerRow | undefined;
  for (let i = 1; i <= SAMPLE_IDS; i++) {
    const id = Math.max(1, Math.round((i * maxId) / (SAMPLE_IDS + 1)));
    const { status, body } = await getJson(app, `${API}/customers/${id}`, manager);
    if (status !== 200) continue;
    customerIds.push(id);
    if (!middle && id >= maxId / 2) middle = body as unknown as CustomerRow;
  }
  const own = await customers(app, 'pageSize=100', consultant);
  const [{ n }] = await benchQuery<{ n: number }>(db, 'SELECT COUNT(*) AS n FROM customer WHERE deleted_at IS NULL');
  const liveCustomers = Number(n);
  return {
    manager,
    consultant,
    consultantId: Number((me.body as { id: number }).id),
    liveCustomers,
    middle: await cursorAt(db, liveCustomers, 0.5),
    end: await cursorAt(db, liveCustomers - 20, 1),
    customerIds,
    consultantCustomerIds: own.data.map((c) => c.id),
    phone: middle!.phone,
    namePrefix: [...middle!.name].slice(0, 2).join(''),
    runTag: Math.floor(Date.now() / 1000) % 10_000,
  };
}
