import SwaggerParser from '@apidevtools/swagger-parser';
import ExcelJS from 'exceljs';
import type { Response } from 'supertest';
import {
  Attendance,
  ClassType,
  CustomerSource,
  EnrollmentStatus,
  FeedbackChannel,
  FeedbackPriority,
  FeedbackStatus,
  FeedbackType,
  FollowUpIntention,
  PaymentMethod,
  PaymentType,
  Score,
} from '../src/common/codes/codes.js';
import { Customer } from '../src/customers/entities/customer.entity.js';
import { Enrollment } from '../src/enrollment/entities/enrollment.entity.js';
import { Feedback } from '../src/feedback/entities/feedback.entity.js';
import { EnrollmentExportService } from '../src/reports/export/enrollment-export.service.js';
import { FeedbackExportService } from '../src/reports/export/feedback-export.service.js';
import { FollowUpExportService } from '../src/reports/export/follow-up-export.service.js';
import { EXPORT_BATCH_SIZE } from '../src/reports/export/keyset-batches.js';
import { PaymentExportService } from '../src/reports/export/payment-export.service.js';
import { StudyRecordExportService } from '../src/reports/export/study-record-export.service.js';
import { FollowUp } from '../src/sales/entities/follow-up.entity.js';
import { Payment } from '../src/sales/entities/payment.entity.js';
import { Branch } from '../src/teaching/entities/branch.entity.js';
import { Course } from '../src/teaching/entities/course.entity.js';
import { Lesson } from '../src/teaching/entities/lesson.entity.js';
import { SchoolClass } from '../src/teaching/entities/school-class.entity.js';
import { StudyRecord } from '../src/teaching/entities/study-record.entity.js';
import { adminAuth, captureQueries, staffWithRole, type Auth } from './support/fixtures.js';
import { staffWithPermissions, type Person } from './support/report-dataset.js';
import { startTestApp, type TestApp } from './support/test-app.js';

const BOM = '\uFEFF';
const LIST_READS = [
  'customers.read',
  'followups.read',
  'payments.read',
  'enrollments.read',
  'feedback.read',
  'teaching.read',
  'teaching.read_all',
];

/** Reads the body as bytes whatever the content type. */
const binary = (res: Response, callback: (err: Error | null, body: Buffer) => void) => {
  const chunks: Buffer[] = [];
  res.on('data', (chunk: Buffer) => chunks.push(chunk));
  res.on('end', () => callback(null, Buffer.concat(chunks)));
};

/** The CSV's records as arrays of fields (no field here has a comma, quote or line break). */
const records = (text: string) =>
  text
    .replace(BOM, '')
    .split('\n')
    .filter(Boolean)
    .map((line) => line.split(','));

describe('list exports: follow-ups, payments, enrollments, feedback, study records (CSV and XLSX)', () => {
  let t: TestApp;
  let admin: Auth;
  let a: Person;
  let b: Person;
  let teacher: Person;
  let exportOnly: Person;
  let readOnly: Person;
  const id: Record<string, number> = {};

  const get = (auth: Auth | null, path: string) => {
    const req = t.http.get(`/api/v1${path}`).buffer(true).parse(binary);
    return auth ? req.set(auth) : req;
  };
  const download = async (auth: Auth, path: string) => {
    const res = await get(auth, path);
    if (res.status !== 200) throw new Error(`${path}: ${res.status} ${res.body}`);
    return res;
  };
  const csv = async (auth: Auth, path: string, query = '') =>
    records((await download(auth, `${path}?format=csv&${query}`)).body.toString('utf8'));
  /** The first column of each data row. */
  const firsts = async (auth: Auth, path: string, query = '') =>
    (await csv(auth, path, query)).slice(1).map((r) => r[0]);
  const xlsxRows = async (auth: Auth, path: string, query = '') => {
    const workbook = new ExcelJS.Workbook();
    const body = (await download(auth, `${path}?format=xlsx&${query}`)).body;
    await workbook.xlsx.load(body as unknown as ExcelJS.Buffer);
    const rows: unknown[][] = [];
    workbook.worksheets[0].eachRow((row) => rows.push((row.values as unknown[]).slice(1)));
    return rows;
  };
  const num = (prefix: string, key: string) => `${prefix}-${String(id[key]).padStart(6, '0')}`;

  beforeAll(async () => {
    t = await startTestApp();
    admin = await adminAuth(t);
    a = await staffWithPermissions(t, admin, 'lx_a', [...LIST_READS, 'reports.export']);
    b = await staffWithPermissions(t, admin, 'lx_b', [...LIST_READS, 'reports.export']);
    teacher = await staffWithPermissions(t, admin, 'lx_t', ['teaching.read', 'reports.export']);
    exportOnly = await staffWithPermissions(t, admin, 'lx_x', ['reports.export']);
    readOnly = await staffWithRole(t, admin, 'lx_c', 'consultant');

    const m = t.dataSource.manager;
    const course = await m.save(m.create(Course, { name: 'Python', price: 1_200_000, periodMonths: 6, outline: '-' }));
    const campus = await m.save(m.create(Branch, { name: '北京校区', address: '海淀' }));
    const klass = (semester: number, teachers: { id: number }[]) =>
      m.save(
        m.create(SchoolClass, {
          branchId: campus.id,
          courseId: course.id,
          classType: ClassType.code.weekend,
          semester,
          startDate: '2026-02-01',
          teachers,
        }),
      );
    id.k1 = (await klass(1, [{ id: teacher.id }])).id;
    id.k2 = (await klass(2, [])).id;
    const customer = (name: string, consultant: Person) =>
      m.save(m.create(Customer, { name, source: CustomerSource.code.website, consultantId: consultant.id }));
    id.ca1 = (await customer('陈一', a)).id;
    id.ca2 = (await customer('陈二', a)).id;
    id.cb1 = (await customer('Bob', b)).id;

    const I = FollowUpIntention.code;
    const followUp = (key: string, customerId: number, who: Person, intention: number, createdAt: string) =>
      m
        .save(
          m.create(FollowUp, {
            customerId,
            consultantId: who.id,
            intention,
            content: `call ${key}`,
            createdAt: new Date(createdAt),
          }),
        )
        .then((f) => (id[key] = f.id));
    // 20:00 UTC is 04:00 the next day at the school (Asia/Shanghai)
    await followUp('fa1', id.ca1, a, I.withinTwoWeeks, '2026-03-01T20:00:00Z');
    await followUp('fa2', id.ca2, a, I.withinMonth, '2026-03-05T02:00:00Z');
    await followUp('fb1', id.cb1, b, I.withinTwoWeeks, '2026-03-06T02:00:00Z');

    const enrollment = (key: string, customerId: number, classId: number, who: Person, status: number) =>
      m
        .save(
          m.create(Enrollment, {
            customerId,
            classId,
            consultantId: who.id,
            status,
            price: 1_200_000,
            purchasedLessons: 10,
            createdAt: new Date('2026-03-10T02:00:00Z'),
          }),
        )
        .then((e) => (id[key] = e.id));
    await enrollment('ea1', id.ca1, id.k1, a, EnrollmentStatus.code.approved);
    await enrollment('ea2', id.ca2, id.k1, a, EnrollmentStatus.code.pending);
    await enrollment('eb1', id.cb1, id.k2, b, EnrollmentStatus.code.pending);

    const payment = (key: string, customerId: number, who: Person, type: number, amount: number, paidAt: string) =>
      m
        .save(
          m.create(Payment, {
            customerId,
            courseId: course.id,
            enrollmentId: customerId === id.ca1 ? id.ea1 : null,
            type,
            method: PaymentMethod.code.wechatPay,
            amount,
            consultantId: who.id,
            paidAt: new Date(paidAt),
          }),
        )
        .then((p) => (id[key] = p.id));
    await payment('pa1', id.ca1, a, PaymentType.code.payment, 1_234_567, '2026-03-11T02:00:00Z');
    await payment('pa2', id.ca1, a, PaymentType.code.refund, 100_000, '2026-03-12T02:00:00Z');
    await payment('pb1', id.cb1, b, PaymentType.code.payment, 50_000, '2026-03-13T02:00:00Z');

    const ticket = (key: string, customerId: number, classId: number | null, priority: number) =>
      m
        .save(
          m.create(Feedback, {
            customerId,
            classId,
            enrollmentId: null,
            type: FeedbackType.code.complaint,
            channel: FeedbackChannel.code.phone,
            priority,
            status: FeedbackStatus.code.open,
            title: `ticket ${key}`,
            content: 'too noisy',
            assigneeId: null,
            createdById: a.id,
          }),
        )
        .then((f) => (id[key] = f.id));
    await ticket('ta1', id.ca1, id.k1, FeedbackPriority.code.high);
    await ticket('tb1', id.cb1, null, FeedbackPriority.code.normal);

    const lesson = async (key: string, classId: number, enrollments: [number, number, number][]) => {
      const l = await m.save(
        m.create(Lesson, { classId, dayNum: 1, teacherId: teacher.id, outline: '-', date: '2026-03-14' }),
      );
      id[key] = l.id;
      for (const [enrollmentId, attendance, score] of enrollments) {
        await m.save(m.create(StudyRecord, { lessonId: l.id, enrollmentId, attendance, score }));
      }
    };
    await lesson('l1', id.k1, [
      [id.ea1, Attendance.code.present, Score.code.a],
      [id.ea2, Attendance.code.absent, Score.code.na],
    ]);
    await lesson('l2', id.k2, [[id.eb1, Attendance.code.late, Score.code.b]]);
  });
  afterAll(() => t.close());

  it('exports follow-ups: labels, names not ids, school-time timestamps; the list filters', async () => {
    const res = await download(admin, '/followups/export?format=csv');
    expect(res.headers['content-disposition']).toMatch(/filename="follow-ups-[\d-]+\.csv"/);
    expect(records(res.body.toString('utf8'))).toEqual([
      ['Customer number', 'Customer', 'Intention', 'Content', 'Next follow-up', 'Recorded by', 'Recorded at'],
      [num('C', 'ca1'), '陈一', 'Enrol within 2 weeks', 'call fa1', '', 'lx_a', '2026-03-02 04:00:00'],
      [num('C', 'ca2'), '陈二', 'Enrol within a month', 'call fa2', '', 'lx_a', '2026-03-05 10:00:00'],
      [num('C', 'cb1'), 'Bob', 'Enrol within 2 weeks', 'call fb1', '', 'lx_b', '2026-03-06 10:00:00'],
    ]);
    expect(await firsts(admin, '/followups/export', 'intention=0')).toEqual([num('C', 'ca1'), num('C', 'cb1')]);
    expect(await firsts(admin, '/followups/export', `customerId=${id.ca2}`)).toEqual([num('C', 'ca2')]);
    expect(await firsts(admin, '/followups/export', 'from=2026-03-02&to=2026-03-05')).toEqual([
      num('C', 'ca1'),
      num('C', 'ca2'),
    ]);
    expect(await firsts(admin, '/followups/export', 'q=Bo')).toEqual([num('C', 'cb1')]);
  });

  it('exports payments: money in yuan, refunds negative in the net column; the list filters', async () => {
    const rows = await csv(admin, '/payments/export');
    expect(rows[0]).toEqual([
      'Number',
      'Paid at',
      'Customer number',
      'Customer',
      'Course',
      'Enrollment',
      'Type',
      'Method',
      'Amount (yuan)',
      'Net (yuan)',
      'Consultant',
      'Memo',
      'Recorded at',
    ]);
    expect(rows[1].slice(0, 11)).toEqual([
      num('P', 'pa1'),
      '2026-03-11 10:00:00',
      num('C', 'ca1'),
      '陈一',
      'Python',
      num('E', 'ea1'),
      'Payment',
      'WeChat Pay',
      '12345.67',
      '12345.67',
      'lx_a',
    ]);
    expect(rows[2].slice(6, 10)).toEqual(['Refund', 'WeChat Pay', '1000', '-1000']);
    expect(rows).toHaveLength(4);
    expect(await firsts(admin, '/payments/export', 'type=1')).toEqual([num('P', 'pa2')]);
    expect(await firsts(admin, '/payments/export', 'paidFrom=2026-03-12')).toEqual([num('P', 'pa2'), num('P', 'pb1')]);
    const xlsx = await xlsxRows(admin, '/payments/export', `customerId=${id.ca1}&lang=zh`);
    expect(xlsx).toHaveLength(3);
    expect(xlsx[0][8]).toBe('金额（元）');
    expect(xlsx[1][8]).toBe(12345.67);
    expect(xlsx[2][9]).toBe(-1000);
    expect(xlsx[1][1]).toEqual(new Date('2026-03-11T10:00:00.000Z'));
  });

  it('exports enrollments: class display name, status label, price in yuan, lesson balance; filters', async () => {
    const rows = await csv(admin, '/enrollments/export', 'lang=zh');
    expect(rows[0].slice(0, 12)).toEqual([
      '编号',
      '客户编号',
      '客户',
      '班级',
      '课程',
      '校区',
      '咨询顾问',
      '状态',
      '价格（元）',
      '购买课时',
      '已用课时',
      '剩余课时',
    ]);
    expect(rows[1].slice(0, 12)).toEqual([
      num('E', 'ea1'),
      num('C', 'ca1'),
      '陈一',
      '北京校区 · Python · 第1期',
      'Python',
      '北京校区',
      'lx_a',
      '合同已审核',
      '12000',
      '10',
      '1',
      '9',
    ]);
    expect(rows).toHaveLength(4);
    expect(await firsts(admin, '/enrollments/export', `classId=${id.k1}`)).toEqual([num('E', 'ea1'), num('E', 'ea2')]);
    expect(await firsts(admin, '/enrollments/export', 'status=0')).toEqual([num('E', 'ea2'), num('E', 'eb1')]);
    // late uses a lesson too; absent does not
    expect(await firsts(admin, '/enrollments/export', 'remainingAtMost=9')).toEqual([num('E', 'ea1'), num('E', 'eb1')]);
  });

  it('exports feedback: labels, class name; the list filters, status included', async () => {
    const rows = await csv(admin, '/feedback/export');
    expect(rows[0].slice(0, 10)).toEqual([
      'Number',
      'Created',
      'Customer number',
      'Customer',
      'Class',
      'Type',
      'Channel',
      'Priority',
      'Status',
      'Title',
    ]);
    expect(rows[1].slice(2, 10)).toEqual([
      num('C', 'ca1'),
      '陈一',
      '北京校区 · Python · term 1',
      'Complaint',
      'Phone',
      'High',
      'Open',
      'ticket ta1',
    ]);
    expect(rows[2][4]).toBe('');
    expect(await firsts(admin, '/feedback/export', 'priority=2')).toEqual([num('F', 'ta1')]);
    expect(await firsts(admin, '/feedback/export', 'status=0')).toEqual([num('F', 'ta1'), num('F', 'tb1')]);
    expect(await firsts(admin, '/feedback/export', 'status=2')).toEqual([]);
    expect(await firsts(admin, '/feedback/export', `q=${num('F', 'tb1')}`)).toEqual([num('F', 'tb1')]);
  });

  it("exports a lesson's study records and a student's history, with the sheet's filters", async () => {
    const rows = await csv(admin, `/lessons/${id.l1}/study-records/export`, 'lang=zh');
    expect(rows).toEqual([
      ['班级', '课次', '上课日期', '客户编号', '学员', '报名编号', '出勤', '成绩', '备注', '记录时间'],
      [
        '北京校区 · Python · 第1期',
        '1',
        '2026-03-14',
        num('C', 'ca1'),
        '陈一',
        num('E', 'ea1'),
        '已签到',
        'A',
        '',
        rows[1][9],
      ],
      [
        '北京校区 · Python · 第1期',
        '1',
        '2026-03-14',
        num('C', 'ca2'),
        '陈二',
        num('E', 'ea2'),
        '缺勤',
        'N/A',
        '',
        rows[2][9],
      ],
    ]);
    const attendance = `attendance=${Attendance.code.absent}`;
    expect((await csv(admin, `/lessons/${id.l1}/study-records/export`, attendance)).slice(1).map((r) => r[4])).toEqual([
      '陈二',
    ]);
    const history = await xlsxRows(admin, `/enrollments/${id.eb1}/study-records/export`);
    expect(history.map((r) => [r[1], r[4], r[6], r[7]])).toEqual([
      ['Lesson day', 'Student', 'Attendance', 'Score'],
      [1, 'Bob', 'Late', 'B'],
    ]);
  });

  it('applies record scope: a consultant exports only their customers; a teacher only their classes', async () => {
    expect(await firsts(a.auth, '/followups/export')).toEqual([num('C', 'ca1'), num('C', 'ca2')]);
    expect(await firsts(b.auth, '/followups/export')).toEqual([num('C', 'cb1')]);
    expect(await firsts(a.auth, '/payments/export')).toEqual([num('P', 'pa1'), num('P', 'pa2')]);
    expect(await firsts(b.auth, '/payments/export', `customerId=${id.ca1}`)).toEqual([]);
    expect(await firsts(b.auth, '/enrollments/export')).toEqual([num('E', 'eb1')]);
    expect(await firsts(a.auth, '/feedback/export')).toEqual([num('F', 'ta1')]);
    expect((await xlsxRows(b.auth, '/feedback/export')).map((r) => r[0])).toEqual(['Number', num('F', 'tb1')]);
    // the teacher's class: its lesson and students; another class answers 404 as in the list
    expect(await csv(teacher.auth, `/lessons/${id.l1}/study-records/export`)).toHaveLength(3);
    await get(teacher.auth, `/lessons/${id.l2}/study-records/export?format=csv`).expect(404);
    await get(teacher.auth, `/enrollments/${id.eb1}/study-records/export?format=csv`).expect(404);
  });

  it('answers 401 without a token, 403 without reports.export or the list permission, 400 for bad input', async () => {
    const paths = [
      '/followups/export',
      '/payments/export',
      '/enrollments/export',
      '/feedback/export',
      `/lessons/${id.l1}/study-records/export`,
      `/enrollments/${id.ea1}/study-records/export`,
    ];
    const reads = [
      'followups.read',
      'payments.read',
      'enrollments.read',
      'feedback.read',
      'teaching.read',
      'teaching.read',
    ];
    for (const [i, path] of paths.entries()) {
      await get(null, `${path}?format=csv`).expect(401);
      const denied = await get(readOnly.auth, `${path}?format=csv`).expect(403);
      expect(denied.body.toString()).toContain('reports.export');
      // reports.export alone does not open a list its holder cannot read
      const unread = await get(exportOnly.auth, `${path}?format=xlsx`).expect(403);
      expect(unread.headers['content-type']).toMatch(/json/);
      expect(unread.body.toString()).toContain(reads[i]);
      for (const query of ['', 'format=pdf', 'format=csv&lang=fr', 'format=csv&nope=1']) {
        await get(admin, `${path}?${query}`).expect(400);
      }
    }
    const badFilters = [
      '/followups/export?format=csv&intention=9',
      '/payments/export?format=csv&paidFrom=yesterday',
      '/enrollments/export?format=csv&status=9',
      '/feedback/export?format=csv&overdue=maybe',
      `/lessons/${id.l1}/study-records/export?format=csv&attendance=9`,
    ];
    for (const path of badFilters) await get(admin, path).expect(400);
    await get(admin, '/followups/export?format=csv&sort=content').expect(200); // sort is ignored, not refused
  });

  it('reads every list in keyset batches (one query each), no row repeated or missed, CSV and XLSX', async () => {
    const services = [
      [FollowUpExportService, '/followups/export', 'f', 3],
      [PaymentExportService, '/payments/export', 'p', 3],
      [EnrollmentExportService, '/enrollments/export', 'e', 3],
      [FeedbackExportService, '/feedback/export', 'f', 2],
      [StudyRecordExportService, `/lessons/${id.l1}/study-records/export`, 'sr', 2],
    ] as const;
    for (const [type, path, alias, rows] of services) {
      const service = t.app.get<{ batchSize: number }>(type);
      expect(service.batchSize).toBe(EXPORT_BATCH_SIZE);
      service.batchSize = 2;
      try {
        const keyset = new RegExp(`[\`"]${alias}[\`"]\\.[\`"]id[\`"] > `);
        let all: string[] = [];
        const queries = await captureQueries(t.dataSource, async () => {
          all = (await csv(admin, path)).slice(1).map((r) => r.join(','));
        });
        expect(all).toHaveLength(rows);
        expect(queries.filter((q) => keyset.test(q))).toHaveLength(Math.floor(rows / 2) + 1);
        const xlsx = await xlsxRows(admin, path);
        expect(xlsx).toHaveLength(rows + 1);
      } finally {
        service.batchSize = EXPORT_BATCH_SIZE;
      }
    }
  });

  it('documents every export route in OpenAPI with its permission and the format and lang parameters', async () => {
    const doc = (await t.http.get('/docs-json').expect(200)).body;
    for (const path of [
      '/api/v1/followups/export',
      '/api/v1/payments/export',
      '/api/v1/enrollments/export',
      '/api/v1/feedback/export',
      '/api/v1/lessons/{id}/study-records/export',
      '/api/v1/enrollments/{id}/study-records/export',
    ]) {
      const operation = doc.paths[path].get;
      expect(operation['x-permission']).toBe('reports.export');
      const names = operation.parameters.map((p: { name: string }) => p.name);
      expect(names).toEqual(expect.arrayContaining(['format', 'lang']));
    }
    await SwaggerParser.validate(structuredClone(doc));
  });
});
