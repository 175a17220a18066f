import { followUpDueAt } from '../../src/sales/due-rules.js';
import { BulkInsert, type SqlSink } from './bulk-insert.js';
import { FEEDBACK_TITLES, FOLLOW_UP_TEXTS, QQ_NICKNAMES } from './names.js';
import type { Random } from './random.js';
import { chineseName, heldLessons, type ReferenceData, type SchoolClassRow } from './reference-data.js';
import { DAY_MS, SEED_NOW, SEED_START, addDays } from './timeline.js';

// Codes as src/common/codes/codes.ts numbers them (the seed writes numbers, as the app stores them).
const SOURCES = [
  [0, 15],
  [1, 10],
  [2, 20],
  [3, 25],
  [4, 8],
  [5, 12],
  [6, 10],
] as const;
const OPEN_INTENTIONS = [
  [0, 20],
  [1, 25],
  [2, 40],
  [3, 10],
  [5, 5],
] as const;
const INTENTION_ENROLLED = 4;
const STATUS_ENROLLED = 0;
const STATUS_NOT_ENROLLED = 1;
const ENROLLMENT_STATES = [
  [2, 65],
  [0, 10],
  [1, 8],
  [3, 7],
  [4, 10],
] as const; // approved, pending, agreed, rejected, cancelled
const [APPROVED, AGREED, REJECTED, CANCELLED] = [2, 1, 3, 4];
const PAYMENT = 0;
const REFUND = 1;
const PAYMENT_METHODS = [0, 1, 2, 3, 4, 9];
const ATTENDANCE = [
  [0, 85],
  [1, 7],
  [2, 6],
  [3, 2],
] as const;
const SCORES = [100, 90, 85, 80, 75, 70, 60, 40, -50, 0];
const FEEDBACK_STATES = [
  [0, 15],
  [1, 15],
  [2, 30],
  [3, 40],
] as const; // open, in progress, resolved, closed
const PHONE_PREFIXES = ['130', '131', '132', '135', '136', '137', '138', '139', '150', '151', '152', '158', '159'];
const PHONE_PREFIXES_MORE = ['176', '177', '180', '181', '186', '187', '188', '189', '199'];

/** Unique qq and phone numbers that look random: multiplying by a number coprime to the range is a bijection. */
const qqOf = (i: number) => String(100_000_000 + ((i * 48_271) % 900_000_000));
const phoneSuffix = (i: number) => String((i * 7_919 + 12_345_678) % 100_000_000).padStart(8, '0');

const EDITABLE = ['id', 'created_at', 'updated_at', 'version'];

/**
 * One writer per table; ids are counted here so that rows can refer to each other without reading back.
 * Follow-ups and study records (the most rows) go through a second connection, so the server inserts in parallel.
 */
class Tables {
  customers: BulkInsert;
  customerTags: BulkInsert;
  followUps: BulkInsert;
  enrollments: BulkInsert;
  payments: BulkInsert;
  studyRecords: BulkInsert;
  feedback: BulkInsert;
  ids = { enrollment: 0, payment: 0, studyRecord: 0, feedback: 0 };

  constructor(sink: SqlSink, second: SqlSink) {
    this.customers = new BulkInsert(sink, 'customer', [
      ...EDITABLE,
      ...['name', 'qq', 'qq_name', 'phone', 'source', 'referral_from', 'consult_course_id', 'content', 'status'],
      ...['consultant_id', 'memo', 'latest_intention', 'last_follow_up_at', 'next_follow_up_at', 'follow_up_due_at'],
      'deleted_at',
    ]);
    this.customerTags = new BulkInsert(sink, 'customer_tags', ['customer_id', 'tag_id'], 5000);
    this.followUps = new BulkInsert(second, 'customer_follow_up', [
      ...EDITABLE,
      ...['customer_id', 'content', 'consultant_id', 'intention', 'next_follow_up_at'],
    ]);
    this.enrollments = new BulkInsert(sink, 'enrollment', [
      ...EDITABLE,
      ...['customer_id', 'class_id', 'consultant_id', 'status', 'contract_text', 'price', 'purchased_lessons'],
      ...['contract_agreed_at', 'contract_approved_at', 'approved_by_id', 'reject_reason', 'cancel_reason'],
    ]);
    this.payments = new BulkInsert(sink, 'payment', [
      ...EDITABLE,
      ...['customer_id', 'course_id', 'enrollment_id', 'class_id', 'type', 'method', 'amount', 'consultant_id'],
      ...['paid_at', 'memo'],
    ]);
    this.studyRecords = new BulkInsert(second, 'study_record', [
      ...EDITABLE,
      ...['enrollment_id', 'lesson_id', 'attendance', 'score', 'memo'],
    ]);
    this.feedback = new BulkInsert(sink, 'feedback', [
      ...EDITABLE,
      ...['customer_id', 'enrollment_id', 'class_id', 'type', 'channel', 'priority', 'status', 'title', 'content'],
      ...['assignee_id', 'created_by_id', 'resolution', 'satisfaction', 'first_response_at', 'resolved_at'],
      'closed_at',
    ]);
  }

  all() {
    return [
      this.customers,
      this.customerTags,
      this.followUps,
      this.enrollments,
      this.payments,
      this.studyRecords,
      this.feedback,
    ];
  }
}

interface CustomerContext {
  id: number;
  createdAt: Date;
  consultantId: number;
}

interface EnrollmentOutcome {
  id: number;
  schoolClass: SchoolClassRow;
  status: number;
  enrolled: boolean;
}

/** The class a customer joins: one of the first few that start after they arrived. */
function classFor(random: Random, classes: SchoolClassRow[], arrived: Date): SchoolClassRow {
  let low = 0;
  let high = classes.length;
  while (low < high) {
    const mid = (low + high) >> 1;
    if (classes[mid].start < arrived) low = mid + 1;
    else high = mid;
  }
  return classes[Math.min(classes.length - 1, low + random.int(0, 7))];
}

const clampToNow = (date: Date) => (date < SEED_NOW ? date : new Date(SEED_NOW.getTime() - 3_600_000));

async function addEnrollment(
  t: Tables,
  random: Random,
  ref: ReferenceData,
  customer: CustomerContext,
): Promise<EnrollmentOutcome> {
  const id = ++t.ids.enrollment;
  const schoolClass = classFor(random, ref.classes, customer.createdAt);
  const price = ref.courses[schoolClass.courseId - 1].price;
  const status = random.weighted(ENROLLMENT_STATES);
  const createdAt = clampToNow(addDays(customer.createdAt, random.int(1, 20)));
  const agreedAt = status === APPROVED || status === AGREED ? clampToNow(addDays(createdAt, 1)) : null;
  const approvedAt = status === APPROVED ? clampToNow(addDays(createdAt, 2)) : null;
  await t.enrollments.add([
    ...[id, createdAt, approvedAt ?? agreedAt ?? createdAt, 1],
    ...[customer.id, schoolClass.id, customer.consultantId, status, `培训协议：学费 ${price / 100} 元`, price, 30],
    ...[agreedAt, approvedAt, approvedAt ? random.pick(ref.staffByRole.get('manager')!) : null],
    ...[status === REJECTED ? '资料不全' : null, status === CANCELLED ? '个人原因取消' : null],
  ]);
  const pay = async (type: number, amount: number, paidAt: Date) => {
    const method = random.pick(PAYMENT_METHODS);
    const paymentId = ++t.ids.payment;
    await t.payments.add([
      ...[paymentId, paidAt, paidAt, 1, customer.id, schoolClass.courseId, id, schoolClass.id, type, method, amount],
      ...[customer.consultantId, paidAt, null],
    ]);
  };
  if (status === APPROVED) {
    // paid in full (approved and paid: the customer is enrolled), sometimes in two instalments
    if (random.chance(0.7)) await pay(PAYMENT, price, approvedAt!);
    else {
      await pay(PAYMENT, price / 2, approvedAt!);
      await pay(PAYMENT, price - price / 2, clampToNow(addDays(approvedAt!, 30)));
    }
    for (let day = 1; day <= heldLessons(schoolClass); day++) {
      const lessonDate = addDays(schoolClass.start, 7 * (day - 1));
      await t.studyRecords.add([
        ...[++t.ids.studyRecord, lessonDate, lessonDate, 1],
        ...[id, (schoolClass.id - 1) * 30 + day, random.weighted(ATTENDANCE), random.pick(SCORES), null],
      ]);
    }
  } else if (status === AGREED && random.chance(0.3)) {
    await pay(PAYMENT, 2000_00, agreedAt!); // a deposit
  } else if (status === CANCELLED && random.chance(0.3)) {
    await pay(PAYMENT, 2000_00, createdAt);
    await pay(REFUND, 2000_00, clampToNow(addDays(createdAt, 7)));
  }
  return { id, schoolClass, status, enrolled: status === APPROVED };
}

/** Three follow-ups, earliest first; returns the customer's bookkeeping columns from the latest. */
async function addFollowUps(t: Tables, random: Random, customer: CustomerContext, enrolled: boolean) {
  const offsets = [random.next() * 3, 1 + random.next() * 20, 1 + random.next() * 30];
  for (let k = 1; k < 3; k++) offsets[k] += offsets[k - 1];
  // squeeze the follow-ups of a recent customer into the time before the dataset's "now"
  const room = (SEED_NOW.getTime() - customer.createdAt.getTime()) / DAY_MS - 0.05;
  const scale = offsets[2] > room ? room / offsets[2] : 1;
  let latest = { intention: 0, createdAt: customer.createdAt, nextFollowUpAt: null as Date | null };
  for (let k = 0; k < 3; k++) {
    const createdAt = new Date(customer.createdAt.getTime() + offsets[k] * scale * DAY_MS);
    const intention = k === 2 && enrolled ? INTENTION_ENROLLED : random.weighted(OPEN_INTENTIONS);
    const nextFollowUpAt = intention <= 1 && random.chance(0.5) ? addDays(createdAt, random.int(3, 14)) : null;
    await t.followUps.add([
      ...[(customer.id - 1) * 3 + k + 1, createdAt, createdAt, 1],
      ...[customer.id, random.pick(FOLLOW_UP_TEXTS), customer.consultantId, intention, nextFollowUpAt],
    ]);
    latest = { intention, createdAt, nextFollowUpAt };
  }
  const bookkeeping = {
    latestIntention: latest.intention,
    lastFollowUpAt: latest.createdAt,
    nextFollowUpAt: latest.nextFollowUpAt,
  };
  return { ...bookkeeping, followUpDueAt: followUpDueAt(bookkeeping) };
}

async function addFeedback(
  t: Tables,
  random: Random,
  ref: ReferenceData,
  customer: CustomerContext,
  enrollment?: EnrollmentOutcome,
) {
  const id = ++t.ids.feedback;
  const status = random.weighted(FEEDBACK_STATES);
  const createdAt = clampToNow(addDays(customer.createdAt, random.int(5, 90)));
  const service = ref.staffByRole.get('service')!;
  const responded = status >= 1 ? clampToNow(new Date(createdAt.getTime() + random.int(1, 48) * 3_600_000)) : null;
  const resolved = status >= 2 ? clampToNow(addDays(responded!, random.int(1, 5))) : null;
  const closed = status === 3 ? clampToNow(addDays(resolved!, 2)) : null;
  const title = random.pick(FEEDBACK_TITLES);
  await t.feedback.add([
    ...[id, createdAt, closed ?? resolved ?? responded ?? createdAt, 1],
    ...[customer.id, enrollment?.id ?? null, enrollment?.schoolClass.id ?? null, random.int(0, 6), random.int(0, 5)],
    ...[
      random.weighted([
        [0, 20],
        [1, 55],
        [2, 20],
        [3, 5],
      ] as const),
      status,
      title,
      `${title}，请尽快处理。`,
    ],
    ...[status === 0 && random.chance(0.5) ? null : random.pick(service), random.pick(service)],
    ...[resolved ? '已与客户沟通并处理完毕' : null, closed ? random.int(3, 5) : null, responded, resolved, closed],
  ]);
}

/**
 * N customers, created in id order over two years, each with 3 follow-ups; about one in five enrolled in a
 * class (with payments and, once approved, study records for the lessons held), one in ten with feedback.
 */
export async function insertCustomers(sinks: [SqlSink, SqlSink], random: Random, ref: ReferenceData, count: number) {
  const t = new Tables(...sinks);
  const consultants = ref.staffByRole.get('consultant')!;
  const step = (SEED_NOW.getTime() - SEED_START.getTime() - DAY_MS) / count;
  for (let id = 1; id <= count; id++) {
    const createdAt = new Date(SEED_START.getTime() + (id - 1 + random.next() * 0.9) * step);
    const customer = { id, createdAt, consultantId: random.pick(consultants) };
    const enrollment = random.chance(0.2) ? await addEnrollment(t, random, ref, customer) : undefined;
    const latest = await addFollowUps(t, random, customer, enrollment?.enrolled ?? false);
    const source = random.weighted(SOURCES);
    const course = random.chance(0.7) ? random.pick(ref.courses).id : (enrollment?.schoolClass.courseId ?? null);
    const prefixes = random.chance(0.8) ? PHONE_PREFIXES : PHONE_PREFIXES_MORE;
    await t.customers.add([
      ...[id, createdAt, createdAt, 1],
      ...[chineseName(random), qqOf(id), random.pick(QQ_NICKNAMES) + chineseName(random).slice(1)],
      ...[random.pick(prefixes) + phoneSuffix(id), source, source === 0 && id > 1 ? qqOf(random.int(1, id - 1)) : null],
      ...[course, course ? '咨询课程安排和学费' : null, enrollment?.enrolled ? STATUS_ENROLLED : STATUS_NOT_ENROLLED],
      ...[customer.consultantId, null, latest.latestIntention, latest.lastFollowUpAt, latest.nextFollowUpAt],
      ...[latest.followUpDueAt, random.chance(0.003) ? clampToNow(addDays(createdAt, 60)) : null],
    ]);
    const tagCount = random.weighted([
      [0, 40],
      [1, 40],
      [2, 20],
    ] as const);
    const first = random.int(0, ref.tagIds.length - 1);
    for (let k = 0; k < tagCount; k++) await t.customerTags.add([id, ref.tagIds[(first + k * 3) % ref.tagIds.length]]);
    if (random.chance(0.1)) await addFeedback(t, random, ref, customer, enrollment);
  }
  for (const table of t.all()) await table.flush();
  return Object.fromEntries(
    Object.entries({
      customers: t.customers,
      customer_tags: t.customerTags,
      follow_ups: t.followUps,
      enrollments: t.enrollments,
      payments: t.payments,
      study_records: t.studyRecords,
      feedback: t.feedback,
    }).map(([name, table]) => [name, table.count]),
  );
}
