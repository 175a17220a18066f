import { AuditLog } from '../src/common/audit/audit-log.entity.js';
import { CustomerSource, FollowUpIntention, LostReason } from '../src/common/codes/codes.js';
import { Customer } from '../src/customers/entities/customer.entity.js';
import { ChannelSpend } from '../src/market/entities/channel-spend.entity.js';
import { Competitor } from '../src/market/entities/competitor.entity.js';
import { FollowUp } from '../src/sales/entities/follow-up.entity.js';
import { adminSession, backOffice, startBackOfficeApp, type BackOfficeClient } from './support/back-office.js';
import { adminAuth, staffWithRole } from './support/fixtures.js';
import type { TestApp } from './support/test-app.js';

describe('back office: competitors, channel spend and losses on follow-ups', () => {
  let t: TestApp;
  let bo: BackOfficeClient;
  let consultant: BackOfficeClient;
  let consultantId: number;

  beforeAll(async () => {
    t = await startBackOfficeApp();
    const admin = await adminAuth(t);
    bo = backOffice(t, await adminSession(t));
    consultantId = (await staffWithRole(t, admin, 'bo_lina', 'consultant')).id;
    consultant = backOffice(t, await adminSession(t, 'bo_lina', 'bo_lina#Pass2026'));
  });
  afterAll(() => t.close());

  it('creates and edits a competitor through the service, course prices typed in yuan (audited)', async () => {
    const created = await bo
      .create('Competitor', {
        name: '达内',
        website: 'https://www.tedu.cn',
        'cities.0': '北京',
        'cities.1': '上海',
        'courses.0.name': 'Java全栈',
        'courses.0.minPrice': '18000',
        'courses.0.maxPrice': '22000.50',
        'courses.1.name': 'Python',
        'courses.1.minPrice': '',
        strengths: '校区多',
      })
      .expect(200);
    expect(created.body.notice.type).toBe('success');
    const id = created.body.record.params.id;
    const stored = await t.dataSource.getRepository(Competitor).findOneByOrFail({ id });
    expect(stored).toMatchObject({
      cities: ['北京', '上海'],
      courses: [
        { name: 'Java全栈', minPrice: 1_800_000, maxPrice: 2_200_050 },
        { name: 'Python', minPrice: null, maxPrice: null },
      ],
      strengths: '校区多',
    });
    const shown = await bo.record('Competitor', id).expect(200);
    expect(shown.body.record.params).toMatchObject({ 'courses.0.minPrice': '18000.00', 'cities.1': '上海' });

    const bad = await bo.create('Competitor', { name: '坏数据', 'courses.0.name': 'X', 'courses.0.minPrice': '1.234' });
    expect(bad.body.record.errors['courses.0.minPrice']).toBeDefined();
    expect(await t.dataSource.getRepository(Competitor).countBy({ name: '坏数据' })).toBe(0);

    const edited = await bo.edit('Competitor', id, { ...shown.body.record.params, notes: '春季降价' }).expect(200);
    expect(edited.body.notice.type).toBe('success');
    expect((await t.dataSource.getRepository(Competitor).findOneByOrFail({ id })).notes).toBe('春季降价');
    expect(await t.dataSource.getRepository(AuditLog).countBy({ entity: 'competitor', entityId: String(id) })).toBe(2);
    // consultants read competitors but do not edit them
    expect((await consultant.list('Competitor')).status).toBe(200);
    const refused = await consultant.create('Competitor', { name: '顾问建的' }).expect(200);
    expect(refused.body.notice.type).toBe('error');
    expect(await t.dataSource.getRepository(Competitor).countBy({ name: '顾问建的' })).toBe(0);
  });

  it('records channel spend in yuan; consultants cannot see it', async () => {
    const created = await bo
      .create('ChannelSpend', {
        source: String(CustomerSource.code.baiduAds),
        month: '2026-03',
        amount: '¥12345.50',
        campaign: '春季竞价',
      })
      .expect(200);
    expect(created.body.notice.type).toBe('success');
    const id = created.body.record.params.id;
    expect(await t.dataSource.getRepository(ChannelSpend).findOneByOrFail({ id })).toMatchObject({
      amount: 1_234_550,
      month: '2026-03',
    });
    const bad = await bo.create('ChannelSpend', { source: '3', month: '2026-13', amount: '1' });
    expect(bad.body.record.errors.month).toBeDefined();
    const hidden = await consultant.list('ChannelSpend').expect(200);
    expect(hidden.body.notice.type).toBe('error');
    expect(hidden.body.records ?? []).toEqual([]);
  });

  it('records a loss on a follow-up (offered price in yuan) and filters customers by it', async () => {
    const competitor = await t.dataSource
      .getRepository(Competitor)
      .save({ name: '北大青鸟', cities: [], courses: [], updatedById: consultantId });
    const customers = t.dataSource.getRepository(Customer);
    const lost = await customers.save(
      customers.create({ name: '流失客户', source: CustomerSource.code.zhihu, consultantId }),
    );
    const created = await consultant
      .create('FollowUp', {
        customerId: String(lost.id),
        intention: String(FollowUpIntention.code.enrolledElsewhere),
        content: '已在青鸟报名',
        competitorId: String(competitor.id),
        lostReason: String(LostReason.code.location),
        offeredPrice: '15800',
      })
      .expect(200);
    expect(created.body.notice.type).toBe('success');
    expect(
      await t.dataSource.getRepository(FollowUp).findOneByOrFail({ id: created.body.record.params.id }),
    ).toMatchObject({ competitorId: competitor.id, lostReason: LostReason.code.location, offeredPrice: 1_580_000 });
    const refused = await consultant.create('FollowUp', {
      customerId: String(lost.id),
      intention: String(FollowUpIntention.code.noPlan),
      content: '无',
      competitorId: String(competitor.id),
    });
    expect(refused.body.record.errors.competitorId).toBeDefined();
    const list = await bo.list('Customer', { 'filters.lostToCompetitorId': competitor.id }).expect(200);
    expect(list.body.records.map((r: { id: string | number }) => Number(r.id))).toEqual([lost.id]);
  });
});
