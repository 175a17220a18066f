import type { Type } from '@nestjs/common';
import { resourceSpecs } from '../src/admin/admin-options.js';
import { API_PREFIX } from '../src/app.factory.js';
import type { Permission } from '../src/common/auth/permissions.js';
import { LIST_EXPORT_NAMES } from '../src/reports/export/list-export-registry.js';
import { REPORT_NAMES } from '../src/reports/report-registry.js';
import { ADMIN_API, backOffice, startBackOfficeApp } from './support/back-office.js';
import { matrixWorld, type Caller } from './support/matrix-world.js';
import { mapBounded, routeInventory } from './support/route-inventory.js';
import type { TestApp } from './support/test-app.js';

/**
 * The back office's access matrix: every AdminJS resource × action × built-in role, expected from the permissions
 * the resource declares (its `access`, and each of our actions' declared permissions), asserted through AdminJS's
 * HTTP API with real sessions.
 */
describe('access matrix: the back office holds each resource and action to the same permissions', () => {
  let t: TestApp;
  let callers: Caller[];
  let records: Record<string, number>;

  beforeAll(async () => {
    t = await startBackOfficeApp();
    ({ callers, records } = await matrixWorld(t, { backOffice: true }));
  });
  afterAll(() => t.close());

  type Need = readonly Permission[] | 'signed-in' | 'nobody';
  type Declared = { resource: string; action: string; type: 'resource' | 'record' | 'bulk'; need: Need };
  type Json = { notice?: { type: string; message: string }; record?: { baseError?: { type: string } | null } };

  const BUILT_IN = ['list', 'search', 'new', 'show', 'edit', 'delete', 'bulkDelete', 'export'];

  /**
   * What each resource declares: the built-in actions from its `access` (and whether the resource can do them at
   * all), our own actions from the permissions they declare (`custom.permissions`, see adapter/actions.ts).
   */
  function declaredActions(): Declared[] {
    const specs = resourceSpecs(<T>(type: Type<T>) => t.app.get(type, { strict: false }));
    return specs.flatMap((spec) => {
      const resource = spec.id ?? spec.entity.name;
      const { access } = spec;
      const when = (can: unknown, permission?: Permission): Need => (can && permission ? [permission] : 'nobody');
      const search = access.search ?? access.read;
      const declared: Declared[] = [
        { resource, action: 'list', type: 'resource', need: [access.read] },
        { resource, action: 'search', type: 'resource', need: search === 'signed-in' ? search : [search] },
        { resource, action: 'new', type: 'resource', need: when(spec.create, access.create) },
        { resource, action: 'show', type: 'record', need: [access.read] },
        { resource, action: 'edit', type: 'record', need: when(spec.update, access.edit) },
        { resource, action: 'delete', type: 'record', need: when(spec.remove, access.delete) },
        { resource, action: 'bulkDelete', type: 'bulk', need: when(spec.remove, access.delete) },
      ];
      if (spec.export) {
        declared.push({ resource, action: 'export', type: 'resource', need: ['reports.export', access.read] });
      }
      for (const [action, options] of Object.entries(spec.actions ?? {})) {
        if (BUILT_IN.includes(action)) continue; // layout or visibility tweaks of a built-in action
        const need = (options.custom as { permissions?: Permission[] } | undefined)?.permissions;
        if (!need?.length) throw new Error(`${resource}.${action} declares no permission`);
        declared.push({ resource, action, type: options.actionType as Declared['type'], need });
      }
      return declared;
    });
  }

  const holds = (need: Need, caller: Caller) =>
    need === 'signed-in' ? !!caller.cookie : need !== 'nobody' && need.every((p) => caller.permissions.has(p));

  const urlOf = ({ resource, action, type }: Declared) => {
    const id = records[resource];
    if (type === 'resource') return `${ADMIN_API}/${resource}/actions/${action}`;
    if (id === undefined) throw new Error(`no record of ${resource}`);
    if (type === 'record') return `${ADMIN_API}/${resource}/records/${id}/${action}`;
    return `${ADMIN_API}/${resource}/bulk/${action}?recordIds=${id}`;
  };

  /**
   * Whether AdminJS let the staff member use the action (a GET: it reads, never writes). A refusal is AdminJS's
   * ForbiddenError notice; on a record, a record the role may not read is refused as not found, which is a refusal
   * too, so a record action is allowed only when it answers without an error.
   */
  const allowedBy = (type: Declared['type'], body: Json) =>
    type === 'record'
      ? body.notice?.type !== 'error'
      : body.record?.baseError?.type !== 'ForbiddenError' && body.notice?.message !== 'forbiddenError';

  it('covers every resource, each with a record to act on', () => {
    const resources = new Set(declaredActions().map((d) => d.resource));
    expect([...resources].sort()).toEqual(Object.keys(records).sort());
  });

  it('allows each action to exactly the roles holding its declared permissions', async () => {
    const staff = callers.filter((c) => c.cookie);
    const cases = declaredActions().flatMap((declared) => staff.map((caller) => ({ declared, caller })));
    const wrong: string[] = [];
    await mapBounded(cases, 6, async ({ declared, caller }) => {
      const res = await t.http.get(urlOf(declared)).set('Cookie', caller.cookie!);
      const label = `${declared.resource}.${declared.action} as ${caller.role}`;
      const want = holds(declared.need, caller);
      // a bulk action on records the role cannot see: AdminJS throws, the back office answers 404
      if (res.status === 404 && declared.type === 'bulk' && !want) return;
      if (res.status !== 200) return void wrong.push(`${label}: ${res.status} ${res.text.slice(0, 160)}`);
      if (allowedBy(declared.type, res.body) !== want) {
        wrong.push(`${label}: expected ${want ? 'allowed' : 'refused'}, got ${JSON.stringify(res.body.notice)}`);
      }
    });
    expect(wrong).toEqual([]);
    expect(cases.length).toBeGreaterThan(100);
  });

  it('shows each role the resources and actions it may use, and no other', async () => {
    const declared = declaredActions();
    const wrong: string[] = [];
    for (const caller of callers.filter((c) => c.cookie)) {
      const page = await backOffice(t, caller.cookie!).page('/admin').expect(200);
      const state = JSON.parse(/window\.REDUX_STATE = (.*?);\n/s.exec(page.text)![1]);
      for (const resource of state.resources as {
        id: string;
        href: string | null;
        resourceActions: { name: string }[];
      }[]) {
        const mine = declared.filter((d) => d.resource === resource.id && d.type === 'resource');
        // AdminJS never shows search as a button: it serves the reference selects
        const usable = mine.filter((d) => d.action !== 'search' && holds(d.need, caller)).map((d) => d.action);
        const shown = resource.resourceActions.map((a) => a.name);
        if (shown.sort().join() !== usable.sort().join()) {
          wrong.push(`${resource.id} as ${caller.role}: shows [${shown}], may use [${usable}]`);
        }
        if (!!resource.href !== usable.includes('list')) wrong.push(`${resource.id} as ${caller.role}: href`);
      }
      // on a record: no button the role may not use
      for (const [resource, id] of Object.entries(records)) {
        const shown = await t.http.get(`${ADMIN_API}/${resource}/records/${id}/show`).set('Cookie', caller.cookie!);
        const buttons: string[] = (shown.body.record?.recordActions ?? []).map((a: { name: string }) => a.name);
        const usable = declared
          .filter((d) => d.resource === resource && d.type === 'record' && holds(d.need, caller))
          .map((d) => d.action);
        const extra = buttons.filter((b) => !usable.includes(b));
        if (extra.length) wrong.push(`${resource} #${id} as ${caller.role}: shows [${extra}] it may not use`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it('answers its downloads and report pages as the API route each one mirrors declares', async () => {
    const rules = new Map(routeInventory(t, API_PREFIX, []).map((route) => [route.name, route.rule]));
    const api = `GET /${API_PREFIX}`;
    const mirrors: [string, string][] = [
      ...LIST_EXPORT_NAMES.map((name): [string, string] => [
        `/admin/downloads/lists/${name}?format=csv`,
        `${api}/${name}/export`,
      ]),
      ...REPORT_NAMES.flatMap((name): [string, string][] => [
        [`/admin/downloads/reports/${name}?format=csv`, `${api}/reports/${name}/export`],
        [`/admin/api/pages/reports?report=${name}`, `${api}/reports/${name}`],
      ]),
      [`/admin/downloads/customers/${records.Customer}/profile.pdf`, `${api}/customers/:id/profile.pdf`],
    ];
    const wrong: string[] = [];
    for (const [url, route] of mirrors) {
      const rule = rules.get(route);
      if (rule?.kind !== 'permission') throw new Error(`${route}: no such route with a permission`);
      for (const caller of callers.filter((c) => c.cookie)) {
        const res = await t.http.get(url).set('Cookie', caller.cookie!);
        const want = caller.permissions.has(rule.permission);
        if ((res.status !== 403) !== want || res.status >= 500) {
          wrong.push(`${url} as ${caller.role}: ${res.status}, ${route} needs ${rule.permission}`);
        }
      }
    }
    expect(wrong).toEqual([]);
  });

  it('sends anonymous visitors to the sign-in page, for every resource and download', async () => {
    const anonymous = new Set<string>();
    for (const resource of Object.keys(records)) {
      for (const url of [
        `${ADMIN_API}/${resource}/actions/list`,
        `${ADMIN_API}/${resource}/records/${records[resource]}/show`,
      ]) {
        const res = await t.http.get(url);
        if (res.status !== 302 || !/\/admin\/login/.test(res.headers.location ?? ''))
          anonymous.add(`${url}: ${res.status}`);
      }
    }
    for (const url of [
      '/admin/downloads/lists/customers?format=csv',
      '/admin/downloads/reports/sales?format=csv',
      `/admin/downloads/customers/${records.Customer}/profile.pdf`,
      '/admin/api/pages/reports?report=sales',
      '/admin/api/dashboard',
    ]) {
      const res = await t.http.get(url);
      if (res.status !== 302) anonymous.add(`${url}: ${res.status}`);
    }
    expect([...anonymous]).toEqual([]);
  });
});
