import type { Type } from '@nestjs/common';
import { API_PREFIX } from '../src/app.factory.js';
import { BUILTIN_ROLES } from '../src/auth/builtin-roles.js';
import type { AccessRule } from '../src/common/auth/access.decorators.js';
import type { Permission } from '../src/common/auth/permissions.js';
import { SchoolClass } from '../src/teaching/entities/school-class.entity.js';
import { Feedback } from '../src/feedback/entities/feedback.entity.js';
import { StudyRecord } from '../src/teaching/entities/study-record.entity.js';
import { adminSession, ADMIN_API, backOffice, startBackOfficeApp } from './support/back-office.js';
import { resourceSpecs } from '../src/admin/admin-options.js';
import { EnrollmentFixtures } from './support/enrollment-fixtures.js';
import { adminAuth, staffWithRole, type Auth } from './support/fixtures.js';
import { mapBounded, routeInventory, type RouteInfo } from './support/route-inventory.js';
import type { TestApp } from './support/test-app.js';

/** app.factory.ts's global prefix exclusions (the inventory is checked against Express's own routes below). */
const UNPREFIXED = ['health', 'health/ready'];
const MISSING_ID = 987654;

type Caller = { role: string; auth: Auth | null; cookie: string | null; permissions: ReadonlySet<string> };
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

describe('access matrix: every route × every built-in role and anonymous, from the declared permissions', () => {
  let t: TestApp;
  let routes: RouteInfo[];
  const callers: Caller[] = [];
  /** An existing record per path segment (`customers/:id` → a customer), for the reads. */
  const ids: Record<string, number | string> = {};
  /** A record per back-office resource that every role holding the resource's read permission may see. */
  const records: Record<string, number> = {};

  beforeAll(async () => {
    t = await startBackOfficeApp();
    routes = routeInventory(t, API_PREFIX, UNPREFIXED);
    const admin = await adminAuth(t);
    callers.push({ role: 'anonymous', auth: null, cookie: null, permissions: new Set() });
    for (const role of BUILTIN_ROLES) {
      const username = `matrix_${role.code}`;
      const { auth } = await staffWithRole(t, admin, username, role.code);
      const cookie = await adminSession(t, username, `${username}#Pass2026`);
      callers.push({ role: role.code, auth, cookie, permissions: new Set<Permission>(role.permissions) });
    }

    const f = new EnrollmentFixtures(t);
    const consultant = callers.find((c) => c.role === 'consultant')!;
    const me = await t.http.get('/api/v1/auth/me').set(consultant.auth!).expect(200);
    const teacher = await t.http.get('/api/v1/auth/me').set(callers.find((c) => c.role === 'teacher')!.auth!);
    const schoolClass = await f.schoolClass();
    await t.dataSource.getRepository(SchoolClass).save({ ...schoolClass, teachers: [{ id: teacher.body.id }] });
    const customer = await f.customer(me.body.id);
    const post = async (path: string, body: object) => {
      const res = await t.http.post(`/api/v1/${path}`).set(admin).send(body);
      if (res.status !== 201) throw new Error(`POST ${path}: ${res.status} ${res.text}`);
      return res.body;
    };
    const contact = await post(`customers/${customer.id}/contacts`, { name: '家长', phone: '13900001111' });
    const tag = await post('tags', { name: 'matrix' });
    const followUp = await post(`customers/${customer.id}/followups`, { content: '电话沟通', intention: 1 });
    const enrollment = await post('enrollments', { customerId: customer.id, classId: schoolClass.id });
    const payment = await f.payment(await f.enrollment(enrollment.id), 100000);
    const lesson = await post(`classes/${schoolClass.id}/lessons`, {
      outline: '第一课',
      date: '2026-03-02',
      teacherId: teacher.body.id,
    });
    const feedback = await post('feedback', {
      customerId: customer.id,
      type: 1,
      channel: 1,
      title: '投影仪坏了',
      content: '三号教室的投影仪打不开',
    });
    const role = (await t.http.get('/api/v1/roles').set(admin).expect(200)).body.data[0];
    // a line of the lesson's sheet, and the ticket assigned to the teacher (a teacher sees assigned tickets only):
    // the back office's record actions need a record each role that may read the resource can see
    const line = await t.dataSource
      .getRepository(StudyRecord)
      .save({ enrollmentId: enrollment.id, lessonId: lesson.id, attendance: 1 });
    await t.dataSource.getRepository(Feedback).update(feedback.id, { assigneeId: teacher.body.id });
    Object.assign(records, {
      Customer: customer.id,
      Contact: contact.id,
      Tag: tag.id,
      FollowUp: followUp.id,
      Payment: payment.id,
      Enrollment: enrollment.id,
      EnrollmentRejection: enrollment.id,
      EnrollmentCancellation: enrollment.id,
      Course: schoolClass.courseId,
      Branch: schoolClass.branchId,
      SchoolClass: schoolClass.id,
      Lesson: lesson.id,
      StudyRecord: line.id,
      Feedback: feedback.id,
      FeedbackAssignment: feedback.id,
      FeedbackResolution: feedback.id,
      Staff: me.body.id,
      StaffPassword: me.body.id,
      Role: role.id,
    });
    Object.assign(ids, {
      customers: customer.id,
      contacts: contact.id,
      tags: tag.id,
      followups: followUp.id,
      payments: payment.id,
      enrollments: enrollment.id,
      courses: schoolClass.courseId,
      campuses: schoolClass.branchId,
      classes: schoolClass.id,
      lessons: lesson.id,
      feedback: feedback.id,
      roles: role.id,
      staff: me.body.id,
      'enrollment-links': 'not-a-real-token',
    });
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

  describe('the back office holds each resource and action to the same permissions', () => {
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
});
