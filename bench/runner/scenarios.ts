import type { LoadSpec } from './load.js';

/** What the scenarios need to know about the running app and its data (read through the API at start). */
export interface BenchContext {
  manager: Record<string, string>;
  consultant: Record<string, string>;
  consultantId: number;
  /** Live customers the manager sees, and pages of 20. */
  liveCustomers: number;
  /** Cursors (and the ids they name) of the pages halfway down the list and at its end. */
  middle: { cursor: string; after: number };
  end: { cursor: string; after: number };
  /** Ids of live customers (a sample), and of the consultant's own customers. */
  customerIds: number[];
  consultantCustomerIds: number[];
  phone: string;
  namePrefix: string;
  /** Makes this run's created customers unique against earlier runs on the same database. */
  runTag: number;
}

export interface Scenario {
  name: string;
  app: LoadSpec;
  /** The same SQL through raw mysql2 (read scenarios on MySQL/MariaDB only). */
  baseline?: LoadSpec;
  connections?: number;
}

const API = '/api/v1';
const pick = <T>(items: T[]) => items[Math.floor(Math.random() * items.length)];

/** A list scenario: the app's route with the manager's or consultant's token, and the baseline's twin. */
function list(name: string, query: string, auth: Record<string, string>, baselineQuery = query): Scenario {
  return {
    name,
    app: { path: `${API}/customers?${query}`, headers: auth },
    baseline: { path: `/customers?${baselineQuery}` },
  };
}

export function scenarios(ctx: BenchContext): Scenario[] {
  const lastPage = Math.max(1, Math.ceil(ctx.liveCustomers / 20));
  const deepPage = Math.max(1, Math.floor(lastPage / 2));
  let created = 0;
  return [
    list('list page 1', 'page=1', ctx.manager),
    list('list page 500 (the last page number)', 'page=500', ctx.manager),
    list(`list page ${deepPage} by cursor`, `cursor=${ctx.middle.cursor}`, ctx.manager, `after=${ctx.middle.after}`),
    list(`list last page (${lastPage}) by cursor`, `cursor=${ctx.end.cursor}`, ctx.manager, `after=${ctx.end.after}`),
    list('list page 1, consultant scope', 'page=1', ctx.consultant, `page=1&consultantId=${ctx.consultantId}`),
    list('filter status + source', 'status=1&source=3', ctx.manager),
    list(`search name prefix "${ctx.namePrefix}"`, `q=${encodeURIComponent(ctx.namePrefix)}`, ctx.manager),
    list('search phone', `q=${ctx.phone}`, ctx.manager),
    {
      name: 'customer detail',
      app: {
        path: `${API}/customers/1`,
        headers: ctx.manager,
        next: () => ({ path: `${API}/customers/${pick(ctx.customerIds)}` }),
      },
      baseline: { path: '/customers/1', next: () => ({ path: `/customers/${pick(ctx.customerIds)}` }) },
    },
    {
      name: 'customer overview',
      app: {
        path: `${API}/customers/1/overview`,
        headers: ctx.manager,
        next: () => ({ path: `${API}/customers/${pick(ctx.customerIds)}/overview` }),
      },
    },
    {
      name: 'create customer (consultant)',
      app: {
        method: 'POST',
        path: `${API}/customers`,
        headers: ctx.consultant,
        next: () => {
          const n = String(++created).padStart(6, '0');
          const tag = String(ctx.runTag).padStart(4, '0');
          return {
            body: JSON.stringify({ name: `压测${n}`, qq: `7${tag}${n}`, phone: `166${tag.slice(-2)}${n}`, source: 2 }),
          };
        },
      },
    },
    {
      name: 'create follow-up (consultant)',
      app: {
        method: 'POST',
        path: `${API}/customers/1/followups`,
        headers: ctx.consultant,
        next: () => ({
          path: `${API}/customers/${pick(ctx.consultantCustomerIds)}/followups`,
          body: JSON.stringify({ intention: 1, content: '压测：电话回访' }),
        }),
      },
    },
    { name: 'report: funnel', app: { path: `${API}/reports/funnel`, headers: ctx.manager } },
    { name: 'report: sales by month', app: { path: `${API}/reports/sales`, headers: ctx.manager } },
  ];
}
