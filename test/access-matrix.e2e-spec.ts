import { API_PREFIX } from '../src/app.factory.js';
import { BUILTIN_ROLES } from '../src/auth/builtin-roles.js';
import type { AccessRule } from '../src/common/auth/access.decorators.js';
import { matrixWorld, type Caller } from './support/matrix-world.js';
import { mapBounded, routeInventory, type RouteInfo } from './support/route-inventory.js';
import { startTestApp, type TestApp } from './support/test-app.js';

/** app.factory.ts's global prefix exclusions (the inventory is checked against Express's own routes below). */
const UNPREFIXED = ['health', 'health/ready'];
const MISSING_ID = 987654;

type Verdict = 'allow' | 'unauthenticated' | 'forbidden';

/** What the declared rule says `caller` gets from the access guard. */
function expected(rule: AccessRule | undefined, caller: Caller): Verdict {
  if (!rule) return 'forbidden'; // deny by default (access.e2e-spec.ts proves every route declares one)
  if (rule.kind === 'public') return 'allow';
  if (!caller.auth) return 'unauthenticated';
  if (rule.kind === 'authenticated') return 'allow';
  return caller.permissions.has(rule.permission) ? 'allow' : 'forbidden';
}

/** What the response says the guard did: anything but 401/403 means it let the request through. */
const observed = (status: number): Verdict =>
  status === 401 ? 'unauthenticated' : status === 403 ? 'forbidden' : 'allow';

/**
 * The API's access matrix: every route the application serves × anonymous and each built-in role, expected from the
 * rule the route declares and the permissions BUILTIN_ROLES gives (test/access-matrix-back-office.e2e-spec.ts does
 * the same for the back office).
 */
describe('access matrix: every route × every built-in role and anonymous, from the declared permissions', () => {
  let t: TestApp;
  let routes: RouteInfo[];
  let callers: Caller[];
  let ids: Record<string, number | string>;

  beforeAll(async () => {
    t = await startTestApp();
    routes = routeInventory(t, API_PREFIX, UNPREFIXED);
    ({ callers, ids } = await matrixWorld(t, { backOffice: false }));
  });
  afterAll(() => t.close());

  /**
   * The URL of a route: reads get an existing record of the segment before each parameter; state-changing
   * requests get ids that do not exist, so that an allowed request stops at validation (400) or at the lookup (404)
   * and no shared record changes between cases.
   */
  function urlOf(route: RouteInfo): string {
    const segments = route.path.split('/');
    return segments
      .map((segment, i) => {
        if (!segment.startsWith(':')) return segment;
        if (route.method !== 'get') return String(MISSING_ID);
        const id = ids[segments[i - 1]];
        if (id === undefined) throw new Error(`${route.name}: no record for ${segments[i - 1]}`);
        return String(id);
      })
      .join('/');
  }

  it('knows every route Express serves (nothing escapes the inventory)', () => {
    type Layer = { route?: { path: string; methods: Record<string, boolean> } };
    const express = t.app.getHttpAdapter().getInstance();
    const served = (express.router.stack as Layer[])
      .flatMap(({ route }) => (route && !route.methods.acl ? [route] : [])) // app.all(): not-found handlers
      .filter(({ path }) => !path.startsWith('/docs')) // Swagger UI and the OpenAPI document
      .flatMap(({ path, methods }) =>
        Object.keys(methods).map((m) => `${m.toUpperCase()} ${path.replace(/(.)\/$/, '$1')}`),
      );
    expect(routes.map((r) => r.name).sort()).toEqual([...new Set(served)].sort());
    expect(routes.length).toBeGreaterThan(100);
  });

  it('documents the same rule in the OpenAPI document as the guard enforces', async () => {
    const doc = (await t.http.get('/docs-json').expect(200)).body;
    const mismatches: string[] = [];
    for (const route of routes) {
      const docPath = route.path.replace(/:(\w+)/g, '{$1}');
      const operation = doc.paths[docPath]?.[route.method];
      if (!operation) {
        mismatches.push(`${route.name}: not documented`);
        continue;
      }
      const documented = operation['x-permission'];
      const declared = route.rule?.kind === 'permission' ? route.rule.permission : undefined;
      if (documented !== declared) mismatches.push(`${route.name}: documented ${documented}, declared ${declared}`);
      const secured = !!operation.security?.length;
      if (secured !== (route.rule?.kind !== 'public')) mismatches.push(`${route.name}: security ${secured}`);
    }
    expect(mismatches).toEqual([]);
  });

  it('answers each route for each role as its declared permission and the built-in roles say', async () => {
    const cases = routes.flatMap((route) => callers.map((caller) => ({ route, caller })));
    const wrong: string[] = [];
    await mapBounded(cases, 6, async ({ route, caller }) => {
      let req = t.http[route.method](urlOf(route));
      if (caller.auth) req = req.set(caller.auth);
      if (route.method !== 'get' && route.method !== 'delete') req = req.send({});
      const res = await req;
      const want = expected(route.rule, caller);
      const got = observed(res.status);
      if (got !== want)
        wrong.push(`${route.name} as ${caller.role}: expected ${want}, got ${res.status} ${res.text.slice(0, 160)}`);
      if (res.status >= 500) wrong.push(`${route.name} as ${caller.role}: ${res.status} ${res.text}`);
    });
    expect(wrong).toEqual([]);
    expect(cases.length).toBe(routes.length * (BUILTIN_ROLES.length + 1));
  });
});
