import {
  CustomerSource,
  FeedbackChannel,
  FeedbackPriority,
  FeedbackReplyKind,
  FeedbackStatus,
  FeedbackType,
} from '../src/common/codes/codes.js';
import { Customer } from '../src/customers/entities/customer.entity.js';
import { FeedbackReply } from '../src/feedback/entities/feedback-reply.entity.js';
import { Feedback } from '../src/feedback/entities/feedback.entity.js';
import { adminAuth, staffWithRole, type Auth } from './support/fixtures.js';
import { startTestApp, type TestApp } from './support/test-app.js';

const S = FeedbackStatus.code;
const KEYS = ['open', 'inProgress', 'resolved', 'closed'] as const;
const ALLOWED: Record<number, number[]> = {
  [S.open]: [S.inProgress],
  [S.inProgress]: [S.resolved],
  [S.resolved]: [S.closed, S.inProgress],
  [S.closed]: [S.inProgress],
};

describe('feedback workflow: assignment, status, replies, satisfaction and the timeline', () => {
  let t: TestApp;
  let admin: Auth;
  let service: { id: number; auth: Auth };
  let agent: { id: number; auth: Auth };
  let manager: { id: number; auth: Auth };
  let consultant: { id: number; auth: Auth };
  let customer: Customer;

  const create = async (auth: Auth = service.auth, extra: Record<string, unknown> = {}) => {
    const res = await t.http
      .post('/api/v1/feedback')
      .set(auth)
      .send({
        customerId: customer.id,
        type: FeedbackType.code.complaint,
        channel: FeedbackChannel.code.phone,
        priority: FeedbackPriority.code.high,
        title: 'Teacher was late three times',
        content: 'The customer complains that the Saturday class started late three weeks in a row.',
        ...extra,
      });
    if (res.status !== 201) throw new Error(`creating feedback: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body as { id: number; version: number; number: string };
  };

  const move = (id: number, body: Record<string, unknown>, auth: Auth = service.auth) =>
    t.http.post(`/api/v1/feedback/${id}/status`).set(auth).send(body);

  /** A fresh ticket driven to `status` through the API; returns its id and version. */
  const ticketIn = async (status: number) => {
    const { id } = await create();
    const path: number[] = { [S.open]: [], [S.inProgress]: [1], [S.resolved]: [1, 2], [S.closed]: [1, 2, 3] }[status]!;
    let version = 1;
    for (const next of path) {
      const res = await move(id, { status: next, version, ...(next === S.resolved ? { resolution: 'Done' } : {}) });
      expect(res.status).toBe(200);
      version = res.body.version;
    }
    return { id, version };
  };

  const timeline = async (id: number) =>
    (await t.http.get(`/api/v1/feedback/${id}`).set(service.auth).expect(200)).body;

  beforeAll(async () => {
    t = await startTestApp();
    admin = await adminAuth(t);
    service = await staffWithRole(t, admin, 'desk', 'service');
    agent = await staffWithRole(t, admin, 'agent', 'service');
    manager = await staffWithRole(t, admin, 'boss', 'manager');
    consultant = await staffWithRole(t, admin, 'adviser', 'consultant');
    customer = await t.dataSource
      .getRepository(Customer)
      .save({ name: '陈晨', consultantId: consultant.id, source: CustomerSource.code.website });
  });
  afterAll(() => t.close());

  it('takes a complaint by phone, assigns it, replies, resolves, records satisfaction and closes it', async () => {
    const started = Date.now() - 1000;
    const ticket = await create();

    const assigned = await t.http
      .post(`/api/v1/feedback/${ticket.id}/assign`)
      .set(service.auth)
      .send({ assigneeId: agent.id, version: 1 })
      .expect(200);
    expect(assigned.body).toMatchObject({ assignee: { id: agent.id, name: 'agent' }, version: 2 });

    const note = await t.http
      .post(`/api/v1/feedback/${ticket.id}/replies`)
      .set(agent.auth)
      .send({ content: 'Checked the timetable: the teacher had a clash.' })
      .expect(201);
    expect(note.body).toMatchObject({
      kind: FeedbackReplyKind.code.internal,
      event: null,
      author: { id: agent.id, name: 'agent' },
    });
    // an internal note is not a response to the customer
    expect((await timeline(ticket.id)).firstResponseAt).toBeNull();

    const reply = await t.http
      .post(`/api/v1/feedback/${ticket.id}/replies`)
      .set(agent.auth)
      .send({ kind: FeedbackReplyKind.code.customer, content: 'Sorry! We have moved the class to another teacher.' })
      .expect(201);
    expect(reply.body).toMatchObject({
      kind: FeedbackReplyKind.code.customer,
      content: expect.stringContaining('Sorry'),
    });
    // answering the customer is the first response, and puts the open ticket in progress
    const responded = await timeline(ticket.id);
    expect(responded.firstResponseAt).not.toBeNull();
    expect(responded).toMatchObject({ status: S.inProgress, nextStatuses: [S.resolved], version: 3 });

    const resolved = await move(
      ticket.id,
      { status: S.resolved, version: 3, resolution: '  New teacher from next Saturday; one free lesson.  ' },
      agent.auth,
    ).expect(200);
    expect(resolved.body).toMatchObject({
      status: S.resolved,
      resolution: 'New teacher from next Saturday; one free lesson.',
      nextStatuses: [S.closed, S.inProgress],
      overdue: false,
    });
    expect(resolved.body.resolvedAt).not.toBeNull();

    const satisfied = await t.http
      .post(`/api/v1/feedback/${ticket.id}/satisfaction`)
      .set(agent.auth)
      .send({ score: 4, comment: 'Quick fix, thanks' })
      .expect(200);
    expect(satisfied.body).toMatchObject({ satisfaction: 4, satisfactionComment: 'Quick fix, thanks' });

    // the assignee may close the ticket
    const closed = await move(ticket.id, { status: S.closed, version: satisfied.body.version }, agent.auth).expect(200);
    expect(closed.body).toMatchObject({ status: S.closed, nextStatuses: [S.inProgress], satisfaction: 4 });
    expect(closed.body.closedAt).not.toBeNull();

    const read = await timeline(ticket.id);
    const entries = read.timeline as {
      event: string | null;
      kind: number;
      content: string;
      details: Record<string, unknown> | null;
      author: { id: number; name: string };
      createdAt: string;
    }[];
    expect(entries.map((e) => [e.event, e.author.id])).toEqual([
      ['assign', service.id],
      [null, agent.id],
      [null, agent.id],
      ['status', agent.id],
      ['status', agent.id],
      ['satisfaction', agent.id],
      ['status', agent.id],
    ]);
    expect(entries[0]).toMatchObject({
      content: 'Assigned to agent',
      details: { fromId: null, from: null, toId: agent.id, to: 'agent' },
    });
    expect(entries[3]).toMatchObject({
      content: 'Status changed: Open → In progress (replied to the customer)',
      details: { from: 'open', to: 'inProgress' },
    });
    expect(entries[4].details).toEqual({
      from: 'inProgress',
      to: 'resolved',
      resolution: 'New teacher from next Saturday; one free lesson.',
    });
    expect(entries[5]).toMatchObject({
      content: 'Satisfaction 4/5: Quick fix, thanks',
      details: { score: 4, comment: 'Quick fix, thanks' },
    });
    expect(entries[6].details).toEqual({ from: 'resolved', to: 'closed' });
    for (const entry of entries) {
      const at = new Date(entry.createdAt).getTime();
      expect(at).toBeGreaterThanOrEqual(started - 1000); // SQLite keeps whole seconds
      expect(at).toBeLessThanOrEqual(Date.now() + 1000);
    }
    const times = entries.map((e) => new Date(e.createdAt).getTime());
    expect([...times].sort((a, b) => a - b)).toEqual(times); // oldest first

    // closed tickets are read-only until reopened
    await t.http
      .patch(`/api/v1/feedback/${ticket.id}`)
      .set(agent.auth)
      .send({ version: closed.body.version, title: 'x' })
      .expect(409);
  });

  it('sets the first response at the first move to in progress when no reply to the customer came earlier', async () => {
    const { id } = await create();
    const before = Date.now() - 1000;
    const res = await move(id, { status: S.inProgress, version: 1 }).expect(200);
    expect(new Date(res.body.firstResponseAt).getTime()).toBeGreaterThanOrEqual(before);
    await t.http
      .post(`/api/v1/feedback/${id}/replies`)
      .set(service.auth)
      .send({ kind: FeedbackReplyKind.code.customer, content: 'Later reply' })
      .expect(201);
    expect((await timeline(id)).firstResponseAt).toBe(res.body.firstResponseAt);
  });

  it.each(KEYS.map((key) => [key, S[key]] as const))(
    'from %s, refuses every other move with 409 naming the allowed ones, and changes nothing',
    async (fromKey, from) => {
      const { id, version } = await ticketIn(from);
      const entriesBefore = await t.dataSource.getRepository(FeedbackReply).countBy({ feedbackId: id });
      const illegal = FeedbackStatus.values.filter((to) => !ALLOWED[from].includes(to));
      expect(illegal.length).toBeGreaterThan(0);
      for (const to of illegal) {
        const res = await move(id, { status: to, version, ...(to === S.resolved ? { resolution: 'Done' } : {}) });
        expect(res.status).toBe(409);
        const toKey = KEYS[to];
        const allowed = ALLOWED[from].map((code) => KEYS[code]);
        expect(res.body).toMatchObject({ status: 409, from: fromKey, to: toKey, allowed });
        expect(res.body.detail).toBe(
          `Cannot go from ${fromKey} to ${toKey}; allowed from ${fromKey}: ${allowed.join(', ')}`,
        );
      }
      const after = await t.dataSource.getRepository(Feedback).findOneByOrFail({ id });
      expect(after).toMatchObject({ status: from, version });
      expect(await t.dataSource.getRepository(FeedbackReply).countBy({ feedbackId: id })).toBe(entriesBefore);
    },
  );

  it('needs a resolution to resolve, refuses one otherwise, and refuses a stale version', async () => {
    const { id, version } = await ticketIn(S.inProgress);
    const missing = await move(id, { status: S.resolved, version }).expect(400);
    expect(missing.body.errors).toEqual([{ field: 'resolution', message: 'is required to resolve a ticket' }]);
    const blank = await move(id, { status: S.resolved, version, resolution: '   ' }).expect(400);
    expect(blank.body.errors[0].field).toBe('resolution');
    const stray = await move(id, { status: S.inProgress, version, resolution: 'x' }).expect(400);
    expect(stray.body.errors).toEqual([{ field: 'resolution', message: 'is only taken when resolving (status 2)' }]);
    await move(id, { status: 7, version }).expect(400);
    await move(id, { status: S.resolved, resolution: 'x' }).expect(400);
    const stale = await move(id, { status: S.resolved, version: version - 1, resolution: 'x' }).expect(409);
    expect(stale.body.currentVersion).toBe(version);
    await move(999999, { status: S.inProgress, version: 1 }).expect(404);
    const after = await t.dataSource.getRepository(Feedback).findOneByOrFail({ id });
    expect(after).toMatchObject({ status: S.inProgress, resolution: null, version });
  });

  it('refuses satisfaction before resolution (409) and bad scores (400)', async () => {
    for (const status of [S.open, S.inProgress]) {
      const { id } = await ticketIn(status);
      const res = await t.http
        .post(`/api/v1/feedback/${id}/satisfaction`)
        .set(service.auth)
        .send({ score: 5 })
        .expect(409);
      expect(res.body).toMatchObject({ status: 409, ticketStatus: KEYS[status], allowedIn: ['resolved', 'closed'] });
      expect(res.body.detail).toMatch(/only after resolution/);
      expect((await t.dataSource.getRepository(Feedback).findOneByOrFail({ id })).satisfaction).toBeNull();
    }
    const { id } = await ticketIn(S.resolved);
    for (const body of [{ score: 0 }, { score: 6 }, { score: 3.5 }, { score: '5' }, {}, { score: 3, comment: 7 }]) {
      await t.http.post(`/api/v1/feedback/${id}/satisfaction`).set(service.auth).send(body).expect(400);
    }
    expect((await t.dataSource.getRepository(Feedback).findOneByOrFail({ id })).satisfaction).toBeNull();
    // recorded on a closed ticket too
    const closed = await ticketIn(S.closed);
    await t.http.post(`/api/v1/feedback/${closed.id}/satisfaction`).set(service.auth).send({ score: 2 }).expect(200);
  });

  it('reopens resolved and closed tickets to in progress, clearing the resolution (the timeline keeps it)', async () => {
    const resolved = await ticketIn(S.resolved);
    await t.http
      .post(`/api/v1/feedback/${resolved.id}/satisfaction`)
      .set(service.auth)
      .send({ score: 1, comment: 'No' });
    const reopened = await move(resolved.id, { status: S.inProgress, version: resolved.version + 1 }).expect(200);
    expect(reopened.body).toMatchObject({
      status: S.inProgress,
      resolution: null,
      resolvedAt: null,
      closedAt: null,
      satisfaction: null,
      satisfactionComment: null,
    });
    const last = (await timeline(resolved.id)).timeline.at(-1);
    expect(last).toMatchObject({
      event: 'status',
      content: 'Reopened: Resolved → In progress',
      details: {
        from: 'resolved',
        to: 'inProgress',
        previous: { resolution: 'Done', satisfaction: 1, satisfactionComment: 'No' },
      },
      author: { id: service.id },
    });

    const closed = await ticketIn(S.closed);
    const again = await move(closed.id, { status: S.inProgress, version: closed.version }, consultant.auth).expect(200);
    expect(again.body).toMatchObject({ status: S.inProgress, closedAt: null, resolvedAt: null });
    await move(closed.id, { status: S.resolved, version: again.body.version, resolution: 'Second fix' }).expect(200);
  });

  it('lets only feedback.manage or the assignee close a ticket', async () => {
    const { id, version } = await ticketIn(S.resolved);
    // the customer's consultant sees and works the ticket, but may not close it
    const denied = await move(id, { status: S.closed, version }, consultant.auth).expect(403);
    expect(denied.body.detail).toBe('Closing a ticket needs permission feedback.manage or being its assignee');
    expect((await t.dataSource.getRepository(Feedback).findOneByOrFail({ id })).status).toBe(S.resolved);
    const assigned = await t.http
      .post(`/api/v1/feedback/${id}/assign`)
      .set(manager.auth)
      .send({ assigneeId: consultant.id, version })
      .expect(200);
    await move(id, { status: S.closed, version: assigned.body.version }, consultant.auth).expect(200);
  });

  it('records reassignment and unassignment in the timeline; the same assignee again changes nothing', async () => {
    const { id } = await create();
    const post = (assigneeId: number | null, version: number) =>
      t.http.post(`/api/v1/feedback/${id}/assign`).set(manager.auth).send({ assigneeId, version }).expect(200);
    await post(agent.id, 1);
    const reassigned = await post(consultant.id, 2);
    expect(reassigned.body.assignee).toEqual({ id: consultant.id, name: 'adviser' });
    const same = await post(consultant.id, 3);
    expect(same.body.version).toBe(3);
    const unassigned = await post(null, 3);
    expect(unassigned.body).toMatchObject({ assignee: null, version: 4 });
    const events = (await timeline(id)).timeline.map(
      (e: { content: string; details: unknown; author: { id: number } }) => [e.content, e.details, e.author.id],
    );
    expect(events).toEqual([
      ['Assigned to agent', { fromId: null, from: null, toId: agent.id, to: 'agent' }, manager.id],
      ['Assigned to adviser', { fromId: agent.id, from: 'agent', toId: consultant.id, to: 'adviser' }, manager.id],
      ['Unassigned', { fromId: consultant.id, from: 'adviser', toId: null, to: null }, manager.id],
    ]);
  });

  it('refuses bad replies with 400 and stores nothing', async () => {
    const { id } = await create();
    for (const body of [
      {},
      { content: '' },
      { content: 'x'.repeat(10001) },
      { kind: 7, content: 'x' },
      { content: 'x', event: 'status' },
    ]) {
      await t.http.post(`/api/v1/feedback/${id}/replies`).set(service.auth).send(body).expect(400);
    }
    await t.http.post('/api/v1/feedback/999999/replies').set(service.auth).send({ content: 'x' }).expect(404);
    expect(await t.dataSource.getRepository(FeedbackReply).countBy({ feedbackId: id })).toBe(0);
    expect((await t.dataSource.getRepository(Feedback).findOneByOrFail({ id })).firstResponseAt).toBeNull();
  });
});
