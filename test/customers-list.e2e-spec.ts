import { LIST_WINDOW, type PageMeta } from '../src/common/list/paginate.js';
import { Customer } from '../src/customers/entities/customer.entity.js';
import { Tag } from '../src/customers/entities/tag.entity.js';
import { Course } from '../src/teaching/entities/course.entity.js';
import { adminAuth, captureQueries, staffWithRole, type Auth } from './support/fixtures.js';
import { startTestApp, type TestApp } from './support/test-app.js';

const API = '/api/v1/customers';

describe('customer list: filters, search, sort, one query for the rows and one for the total', () => {
  let t: TestApp;
  let admin: Auth;
  let a: { id: number; auth: Auth };
  let b: { id: number; auth: Auth };
  let manager: { id: number; auth: Auth };
  let tags: Record<'vip' | 'night' | 'cold', number>;
  let courses: { python: number; java: number };
  /** Customer ids by key. */
  const ids: Record<string, number> = {};

  const list = async (auth: Auth, query: string) => {
    const res = await t.http.get(`${API}?${query}`).set(auth);
    if (res.status !== 200) throw new Error(`${query}: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body as { data: Record<string, unknown>[]; meta: PageMeta };
  };
  const listIds = async (auth: Auth, query: string) => (await list(auth, query)).data.map((r) => r.id);
  const idsOf = (...keys: string[]) => keys.map((k) => ids[k]);

  beforeAll(async () => {
    t = await startTestApp();
    admin = await adminAuth(t);
    a = await staffWithRole(t, admin, 'list_a', 'consultant');
    b = await staffWithRole(t, admin, 'list_b', 'consultant');
    manager = await staffWithRole(t, admin, 'list_manager', 'manager');
    const tagRepo = t.dataSource.getRepository(Tag);
    tags = {
      vip: (await tagRepo.save({ name: 'VIP' })).id,
      night: (await tagRepo.save({ name: '夜班' })).id,
      cold: (await tagRepo.save({ name: '冷线索' })).id,
    };
    const courseRepo = t.dataSource.getRepository(Course);
    courses = {
      python: (await courseRepo.save({ name: 'Python', price: 100, periodMonths: 3, outline: '-' })).id,
      java: (await courseRepo.save({ name: 'Java', price: 100, periodMonths: 3, outline: '-' })).id,
    };
    const specs: [string, Auth, Record<string, unknown>][] = [
      ['zhang', a.auth, { name: '张伟', qq: '20001', phone: '13811110001', source: 0, tagIds: [tags.vip, tags.night] }],
      ['zhangsan', a.auth, { name: '张三', qq: '20002', phone: '13811110002', source: 1, tagIds: [tags.cold] }],
      ['li', a.auth, { name: '李娜', qq: '30003', qqName: '娜娜', phone: '13922220003', source: 2, status: 0 }],
      ['wang', b.auth, { name: '王芳', qq: '40004', phone: '13733330004', source: 1, tagIds: [tags.vip] }],
      ['alice', b.auth, { name: 'Alice', qq: '50005', phone: '13644440005', source: 3 }],
    ];
    for (const [key, auth, body] of specs) {
      const res = await t.http
        .post(API)
        .set(auth)
        .send({ consultCourseId: key === 'li' ? courses.java : courses.python, ...body })
        .expect(201);
      ids[key] = res.body.id;
    }
    // what the sales module and time would have set
    const repo = t.dataSource.getRepository(Customer);
    const day = (d: string) => new Date(`${d}T08:00:00.000Z`);
    await repo.update(ids.zhang, {
      createdAt: day('2026-01-05'),
      latestIntention: 0,
      lastFollowUpAt: day('2026-03-01'),
    });
    await repo.update(ids.zhangsan, {
      createdAt: day('2026-01-20'),
      latestIntention: 2,
      lastFollowUpAt: day('2026-02-01'),
    });
    await repo.update(ids.li, { createdAt: day('2026-02-10'), latestIntention: 0 });
    await repo.update(ids.wang, { createdAt: day('2026-02-28'), lastFollowUpAt: day('2026-02-15') });
    // 20:00 UTC on the 14th is 04:00 on the 15th at the school (Asia/Shanghai)
    await repo.update(ids.alice, { createdAt: new Date('2026-03-14T20:00:00.000Z') });
  });
  afterAll(() => t.close());

  it('runs exactly two statements (rows, total) and gives each row its consultant, course, tags, intention', async () => {
    let page: Awaited<ReturnType<typeof list>> | undefined;
    const queries = await captureQueries(t.dataSource, async () => {
      page = await list(manager.auth, 'sort=createdAt');
    });
    expect(queries).toHaveLength(2);
    expect(queries.filter((q) => /COUNT\(/i.test(q))).toHaveLength(1);
    const sqlite = t.dataSource.options.type === 'better-sqlite3';
    expect(queries[0]).toMatch(sqlite ? /json_group_array/ : /JSON_ARRAYAGG/); // tags: one aggregate per row
    expect(page!.meta).toEqual({ page: 1, pageSize: 20, total: 5, totalCapped: false, next: null });
    expect(page!.data.map((r) => r.id)).toEqual(idsOf('zhang', 'zhangsan', 'li', 'wang', 'alice'));
    expect(page!.data[0]).toMatchObject({
      id: ids.zhang,
      number: `C-${String(ids.zhang).padStart(6, '0')}`,
      name: '张伟',
      consultant: { id: a.id, name: 'list_a' },
      consultCourse: { id: courses.python, name: 'Python' },
      tags: [
        { id: tags.night, name: '夜班' },
        { id: tags.vip, name: 'VIP' },
      ].sort((x, y) => x.name.localeCompare(y.name)),
      latestIntention: 0,
      createdAt: '2026-01-05T08:00:00.000Z',
      lastFollowUpAt: '2026-03-01T08:00:00.000Z',
    });
    expect(page!.data[4]).toMatchObject({ tags: [], latestIntention: null, lastFollowUpAt: null });

    // the same two statements with every filter and a consultant's scope
    const filtered = await captureQueries(t.dataSource, () =>
      list(
        a.auth,
        `status=1&source=0&consultantId=${a.id}&tagIds=${tags.vip}&consultCourseId=${courses.python}` +
          '&createdFrom=2026-01-01&createdTo=2026-12-31&latestIntention=0&q=张&sort=-lastFollowUpAt',
      ),
    );
    expect(filtered).toHaveLength(2);
  });

  it('filters by status, source, consultant, course, tags (any of), intention and creation dates', async () => {
    const m = manager.auth;
    expect(await listIds(m, 'status=0')).toEqual(idsOf('li'));
    expect(await listIds(m, 'source=1&sort=name')).toEqual(idsOf('zhangsan', 'wang'));
    expect(await listIds(m, `consultantId=${b.id}&sort=createdAt`)).toEqual(idsOf('wang', 'alice'));
    expect(await listIds(m, `consultCourseId=${courses.java}`)).toEqual(idsOf('li'));
    expect(await listIds(m, `tagIds=${tags.vip}&sort=createdAt`)).toEqual(idsOf('zhang', 'wang'));
    expect(await listIds(m, `tagIds=${tags.cold},${tags.night}&sort=createdAt`)).toEqual(idsOf('zhang', 'zhangsan'));
    expect(await listIds(m, `tagIds=${tags.cold}&tagIds=${tags.vip}&sort=createdAt`)).toEqual(
      idsOf('zhang', 'zhangsan', 'wang'),
    );
    expect(await listIds(m, 'latestIntention=0&sort=createdAt')).toEqual(idsOf('zhang', 'li'));
    expect(await listIds(m, 'createdFrom=2026-01-20&createdTo=2026-02-28&sort=createdAt')).toEqual(
      idsOf('zhangsan', 'li', 'wang'),
    );
    expect(await listIds(m, 'createdFrom=2026-02-10T08:00:01Z&createdTo=2026-02-28T08:00:00Z')).toEqual(idsOf('wang'));
    expect(await listIds(m, 'createdTo=2026-01-04')).toEqual([]);
    // a date is a day in the school's time zone
    expect(await listIds(m, 'createdFrom=2026-03-15&createdTo=2026-03-15')).toEqual(idsOf('alice'));
    expect(await listIds(m, 'createdFrom=2026-03-14&createdTo=2026-03-14')).toEqual([]);
    const reversed = await t.http.get(`${API}?createdFrom=2026-03-02&createdTo=2026-03-01`).set(m).expect(400);
    expect(reversed.body.errors).toEqual([{ field: 'createdTo', message: 'must not be before createdFrom' }]);
    // a consultant's list is their own, whatever the filters say
    expect(await listIds(a.auth, 'sort=createdAt')).toEqual(idsOf('zhang', 'zhangsan', 'li'));
    expect(await listIds(a.auth, `consultantId=${b.id}`)).toEqual([]);
    expect(await listIds(b.auth, `tagIds=${tags.vip}`)).toEqual(idsOf('wang'));
  });

  it('searches by prefix over name, qq, qq name and phone, and finds a C-number', async () => {
    const m = manager.auth;
    expect(await listIds(m, `q=${encodeURIComponent('张')}&sort=createdAt`)).toEqual(idsOf('zhang', 'zhangsan'));
    expect(await listIds(m, `q=${encodeURIComponent('张三')}`)).toEqual(idsOf('zhangsan'));
    expect(await listIds(m, `q=${encodeURIComponent('娜娜')}`)).toEqual(idsOf('li'));
    expect(await listIds(m, 'q=2000&sort=createdAt')).toEqual(idsOf('zhang', 'zhangsan'));
    expect(await listIds(m, `q=${encodeURIComponent('139 2222-00')}`)).toEqual(idsOf('li'));
    expect(await listIds(m, 'q=ali')).toEqual(idsOf('alice'));
    expect(await listIds(m, 'q=0003')).toEqual([]); // a prefix, not a substring
    expect(await listIds(m, 'q=%25')).toEqual([]); // wildcards are literal
    const number = `C-${String(ids.wang).padStart(6, '0')}`;
    expect(await listIds(m, `q=${number}`)).toEqual(idsOf('wang'));
    expect(await listIds(m, `q=c-${ids.wang}`)).toEqual(idsOf('wang'));
    expect(await listIds(a.auth, `q=${number}`)).toEqual([]); // scope still applies
  });

  it('sorts by createdAt, name, status, source and lastFollowUpAt, and pages', async () => {
    const m = manager.auth;
    expect(await listIds(m, '')).toEqual(idsOf('alice', 'wang', 'li', 'zhangsan', 'zhang')); // newest first
    expect(await listIds(m, 'sort=-createdAt')).toEqual(idsOf('alice', 'wang', 'li', 'zhangsan', 'zhang'));
    expect(await listIds(m, 'sort=source,-createdAt')).toEqual(idsOf('zhang', 'wang', 'zhangsan', 'li', 'alice'));
    expect(await listIds(m, 'sort=status,createdAt')).toEqual(idsOf('li', 'zhang', 'zhangsan', 'wang', 'alice'));
    const byFollowUp = await listIds(m, `consultantId=${a.id}&sort=-lastFollowUpAt`);
    // NULLs sort last descending on MySQL/MariaDB and SQLite alike (they are the smallest value)
    expect(byFollowUp).toEqual(idsOf('zhang', 'zhangsan', 'li'));
    const byName = (await list(m, 'sort=name')).data.map((r) => r.name);
    expect(byName[0]).toBe('Alice');
    expect(new Set(byName)).toEqual(new Set(['Alice', '张伟', '张三', '李娜', '王芳']));

    const page2 = await list(m, 'sort=createdAt&page=2&pageSize=2');
    expect(page2.meta).toMatchObject({ page: 2, pageSize: 2, total: 5, totalCapped: false });
    expect(page2.data.map((r) => r.id)).toEqual(idsOf('li', 'wang'));
  });

  it('pages by cursor through the same rows as page numbers, in every sort order, ties and empty values included', async () => {
    const m = manager.auth;
    const walk = async (query: string) => {
      const { total } = (await list(m, query)).meta;
      const seen: unknown[] = [];
      let cursor = '';
      for (let pages = 0; pages < 10; pages++) {
        const page = await list(m, `${query}&pageSize=2${cursor && `&cursor=${cursor}`}`);
        seen.push(...page.data.map((r) => r.id));
        expect(page.meta.total).toBe(total); // the whole list's total on every page
        if (!page.meta.next) return seen;
        cursor = page.meta.next;
      }
      throw new Error(`${query}: the cursor never ended`);
    };
    const sorts = ['', 'sort=createdAt', 'sort=-name', 'sort=source,-createdAt', 'sort=status,createdAt'];
    // lastFollowUpAt is empty for two customers: NULLs first ascending, last descending
    sorts.push('sort=lastFollowUpAt', 'sort=-lastFollowUpAt', 'sort=-source,lastFollowUpAt', 'status=1&sort=name');
    for (const sort of sorts) expect([sort, await walk(sort)]).toEqual([sort, await listIds(m, sort)]);
    // the last page says there is no next one; a full page that ends the list too
    expect((await list(m, 'pageSize=5')).meta.next).toBeNull();
    // a consultant's cursor walks their own customers only
    const first = await list(a.auth, 'sort=createdAt&pageSize=2');
    const rest = await list(a.auth, `sort=createdAt&pageSize=2&cursor=${first.meta.next}`);
    expect([...first.data, ...rest.data].map((r) => r.id)).toEqual(idsOf('zhang', 'zhangsan', 'li'));
    expect(rest.meta.next).toBeNull();
  });

  it('refuses a cursor it did not give, one of another sort, and page numbers past the first rows, with 400', async () => {
    const m = manager.auth;
    const { next } = (await list(m, 'pageSize=1')).meta;
    const forged = Buffer.from('-createdAt,-id|abc').toString('base64url');
    const cases: [string, string, RegExp][] = [
      [`cursor=${next}&sort=name`, 'cursor', /another sort order/],
      [`cursor=${forged}`, 'cursor', /not one this list gave/],
      ['cursor=%F0%9F%92%A9', 'cursor', /not one this list gave/],
      [`cursor=${'x'.repeat(201)}`, 'cursor', /cursor must be shorter/],
      [`page=${LIST_WINDOW / 20 + 1}`, 'page', /after the first 10000 rows: read further with the cursor/],
      [`page=${LIST_WINDOW / 100 + 1}&pageSize=100`, 'page', /after the first 10000 rows/],
    ];
    for (const [query, field, message] of cases) {
      const res = await t.http.get(`${API}?${query}`).set(m).expect(400);
      expect([query, res.body.errors]).toEqual([query, [{ field, message: expect.stringMatching(message) }]]);
    }
    // the last page a number reaches
    expect((await list(m, `page=${LIST_WINDOW / 20}`)).data).toEqual([]);
  });

  it('refuses bad filters and sorts with 400 naming the field', async () => {
    const m = manager.auth;
    const cases: [string, string][] = [
      ['status=7', 'status'],
      ['source=x', 'source'],
      ['latestIntention=99', 'latestIntention'],
      ['consultantId=abc', 'consultantId'],
      ['tagIds=1,x', 'tagIds'],
      ['createdFrom=yesterday', 'createdFrom'],
      ['createdTo=2026-13-01', 'createdTo'],
      ['deleted=maybe', 'deleted'],
      ['sort=phone', 'sort'],
      ['sort=content', 'sort'],
      ['pageSize=500', 'pageSize'],
      ['colour=red', 'colour'],
    ];
    for (const [query, field] of cases) {
      const res = await t.http.get(`${API}?${query}`).set(m).expect(400);
      expect([query, res.body.errors[0].field]).toEqual([query, field]);
    }
  });

  // last: it adds many customers
  it('counts no further than LIST_WINDOW, says so, and the cursor reads past it', async () => {
    const rows = Array.from({ length: LIST_WINDOW }, (_, i) => ({
      qq: String(9_000_000 + i),
      source: 1,
      consultantId: b.id,
    }));
    for (let i = 0; i < rows.length; i += 500) {
      await t.dataSource
        .createQueryBuilder()
        .insert()
        .into(Customer)
        .values(rows.slice(i, i + 500))
        .callListeners(false)
        .updateEntity(false)
        .execute();
    }
    const first = await list(manager.auth, 'pageSize=100');
    expect(first.meta).toMatchObject({ total: LIST_WINDOW, totalCapped: true });
    // the scope's own count is exact below the window
    expect((await list(a.auth, '')).meta).toMatchObject({ total: 3, totalCapped: false });
    // the cursor of the last page a number reaches goes on to the rows after the window
    const last = await list(manager.auth, `pageSize=100&page=${LIST_WINDOW / 100}`);
    const after = await list(manager.auth, `pageSize=100&cursor=${last.meta.next}`);
    expect(after.data).toHaveLength(5);
    expect(after.meta.next).toBeNull();
  });
});
