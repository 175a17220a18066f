/**
 * A small, repeatable Chinese demo dataset (campuses, courses, staff, classes, customers, follow-ups,
 * enrollments, payments, lessons, study records, feedback), so a new installation shows a working CRM.
 * Everything is written with entity persistence (`manager.save`), so the audit subscriber sees it.
 */
import type { DataSource, DeepPartial, EntityManager, EntityTarget, FindOptionsWhere, ObjectLiteral } from 'typeorm';
import { Role } from '../../auth/entities/role.entity.js';
import { Staff } from '../../auth/entities/staff.entity.js';
import { hashPassword } from '../../auth/password.js';
import {
  Attendance,
  ClassType,
  ContactRelation,
  CustomerSource,
  CustomerStatus,
  EnrollmentStatus,
  FeedbackChannel,
  FeedbackPriority,
  FeedbackReplyKind,
  FeedbackStatus,
  FeedbackType,
  FollowUpIntention,
  PaymentMethod,
  PaymentType,
  Score,
} from '../../common/codes/codes.js';
import { Contact } from '../../customers/entities/contact.entity.js';
import { Customer } from '../../customers/entities/customer.entity.js';
import { Tag } from '../../customers/entities/tag.entity.js';
import { Enrollment } from '../../enrollment/entities/enrollment.entity.js';
import { FeedbackReply } from '../../feedback/entities/feedback-reply.entity.js';
import { Feedback } from '../../feedback/entities/feedback.entity.js';
import { FollowUp } from '../../sales/entities/follow-up.entity.js';
import { Payment } from '../../sales/entities/payment.entity.js';
import { Branch } from '../../teaching/entities/branch.entity.js';
import { Course } from '../../teaching/entities/course.entity.js';
import { Lesson } from '../../teaching/entities/lesson.entity.js';
import { SchoolClass } from '../../teaching/entities/school-class.entity.js';
import { StudyRecord } from '../../teaching/entities/study-record.entity.js';
import {
  BRANCHES,
  CLASSES,
  CONSULTANTS,
  COURSES,
  CUSTOMERS,
  DEMO_PASSWORD,
  DEMO_RANDOM_SEED,
  DEPOSIT_PAYERS,
  ENROLLMENTS,
  FEEDBACK,
  FOLLOW_UP_TEXTS,
  MANAGER,
  REFUND,
  SERVICE,
  STAFF,
  TAGS,
  contractTemplate,
  type ClassKey,
  type CourseKey,
  type Username,
} from './demo-fixtures.js';

/** How many records of each kind the seed created. */
export interface DemoSummary {
  branches: number;
  courses: number;
  staff: number;
  tags: number;
  classes: number;
  customers: number;
  contacts: number;
  followUps: number;
  enrollments: number;
  payments: number;
  lessons: number;
  studyRecords: number;
  feedback: number;
  feedbackReplies: number;
}

/**
 * Seeds the demo dataset in one transaction. Does nothing and returns undefined when the database already
 * has a customer (soft-deleted ones included). Campuses, courses, tags, staff and classes that already
 * exist under the same name are reused rather than duplicated.
 */
export async function seedDemoData(dataSource: DataSource): Promise<DemoSummary | undefined> {
  if (await hasCustomers(dataSource.manager)) return undefined;
  const passwordHash = await hashPassword(DEMO_PASSWORD); // slow on purpose: once, outside the transaction
  return dataSource.transaction(async (manager) => {
    if (await hasCustomers(manager)) return undefined;
    return new DemoSeeder(manager, passwordHash).run();
  });
}

async function hasCustomers(manager: EntityManager): Promise<boolean> {
  return (await manager.count(Customer, { withDeleted: true })) > 0;
}

// ---- small helpers -------------------------------------------------------------------------------------

type Random = ReturnType<typeof randomGenerator>;

/** mulberry32: a tiny seeded generator, so every run produces the same data. */
function randomGenerator(seed: number) {
  let state = seed >>> 0;
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (min: number, max: number): number => min + Math.floor(next() * (max - min + 1));
  return {
    int,
    chance: (probability: number): boolean => next() < probability,
    pick: <T>(items: readonly T[]): T => items[int(0, items.length - 1)],
    /** Picks by weight: `[[value, weight], …]`. */
    weighted: <T>(entries: readonly (readonly [T, number])[]): T => {
      let roll = next() * entries.reduce((sum, [, weight]) => sum + weight, 0);
      for (const [value, weight] of entries) if ((roll -= weight) < 0) return value;
      return entries[entries.length - 1][0];
    },
  };
}

const HOUR = 3_600_000;

/** Local time `daysAgo` days before today (negative: in the future) at hour:minute. */
function at(daysAgo: number, hour: number, minute = 0): Date {
  const date = new Date();
  date.setDate(date.getDate() - daysAgo);
  date.setHours(hour, minute, 0, 0);
  return date;
}

const addHours = (date: Date, hours: number): Date => new Date(date.getTime() + hours * HOUR);

/** 'YYYY-MM-DD' of a local date. */
function ymd(date: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

/** Created and last updated at the given times (records otherwise all look created today). */
const stamped = (createdAt: Date, updatedAt = createdAt) => ({ createdAt, updatedAt });

/** A unique value from `make`, retried until it is not in `used`. */
function unique(used: Set<string>, make: () => string): string {
  let value = make();
  while (used.has(value)) value = make();
  used.add(value);
  return value;
}

const MOBILE_PREFIXES = ['138', '139', '135', '136', '150', '151', '158', '186', '187', '188', '177', '199'];

const enrollmentKey = (customer: number, classKey: ClassKey) => `${customer}:${classKey}`;

// ---- the seeder ----------------------------------------------------------------------------------------

/** When an enrollment happened, in days before today (undefined: the step has not happened). */
interface EnrollmentPlan {
  customer: number;
  classKey: ClassKey;
  status: number;
  createdDaysAgo: number;
  agreedDaysAgo?: number;
  approvedDaysAgo?: number;
}

class DemoSeeder {
  private readonly random: Random = randomGenerator(DEMO_RANDOM_SEED);
  private readonly summary: DemoSummary = {
    branches: 0,
    courses: 0,
    staff: 0,
    tags: 0,
    classes: 0,
    customers: 0,
    contacts: 0,
    followUps: 0,
    enrollments: 0,
    payments: 0,
    lessons: 0,
    studyRecords: 0,
    feedback: 0,
    feedbackReplies: 0,
  };
  private readonly phones = new Set<string>();
  private readonly staff = new Map<Username, Staff>();
  private readonly courses = new Map<CourseKey, Course>();
  /** Classes by key; `created` is false for a class that already existed (it gets no demo lessons). */
  private readonly classes = new Map<ClassKey, { entity: SchoolClass; created: boolean }>();
  private readonly tags = new Map<string, Tag>();
  private readonly plans = new Map<number, EnrollmentPlan>();
  private customers: Customer[] = [];
  private readonly enrollments = new Map<string, Enrollment>();

  constructor(
    private readonly manager: EntityManager,
    private readonly passwordHash: string,
  ) {}

  async run(): Promise<DemoSummary> {
    await this.seedReferenceData();
    this.planEnrollments();
    await this.seedCustomers();
    await this.seedEnrollmentsAndPayments();
    await this.seedFollowUps();
    await this.seedLessons();
    await this.seedFeedback();
    return this.summary;
  }

  /** Finds a record by its unique key, or saves a new one (counted in the summary). */
  private async findOrCreate<T extends ObjectLiteral>(
    target: EntityTarget<T>,
    where: FindOptionsWhere<T>,
    data: DeepPartial<T>,
    kind: keyof DemoSummary,
  ): Promise<{ entity: T; created: boolean }> {
    const existing = await this.manager.findOneBy(target, where);
    if (existing) return { entity: existing, created: false };
    this.summary[kind]++;
    return { entity: await this.manager.save(this.manager.create(target, data)), created: true };
  }

  private async seedReferenceData(): Promise<void> {
    const branches = new Map<string, Branch>();
    for (const b of BRANCHES) {
      branches.set(b.name, (await this.findOrCreate(Branch, { name: b.name }, { ...b }, 'branches')).entity);
    }
    for (const c of COURSES) {
      const { name, price, periodMonths, lessonCount, outline } = c;
      const data = { name, price, periodMonths, lessonCount, outline, contractTemplate: contractTemplate(c) };
      this.courses.set(c.key, (await this.findOrCreate(Course, { name }, data, 'courses')).entity);
    }
    const roles = new Map<string, Role>();
    for (const s of STAFF) {
      const role = roles.get(s.role) ?? (await this.manager.findOneBy(Role, { code: s.role }));
      if (!role) throw new Error(`Role "${s.role}" is missing: run ensureBuiltinRoles before seeding demo data`);
      roles.set(s.role, role);
      const data = { username: s.username, name: s.name, phone: s.phone, email: `${s.username}@easycrm.example` };
      const account = { passwordHash: this.passwordHash, isActive: true, mustChangePassword: false, roles: [role] };
      this.staff.set(
        s.username,
        (await this.findOrCreate(Staff, { username: s.username }, { ...data, ...account }, 'staff')).entity,
      );
      this.phones.add(s.phone);
    }
    for (const name of TAGS) this.tags.set(name, (await this.findOrCreate(Tag, { name }, { name }, 'tags')).entity);
    for (const c of CLASSES) {
      const branchId = branches.get(c.branch)!.id;
      const courseId = this.courses.get(c.course)!.id;
      const data = {
        branchId,
        courseId,
        classType: ClassType.code[c.type],
        semester: c.semester,
        teachers: c.teachers.map((t) => this.staff.get(t)!),
        startDate: ymd(at(c.startDaysAgo, 9)),
        endDate: ymd(at(-c.endsInDays, 9)),
      };
      this.classes.set(
        c.key,
        await this.findOrCreate(SchoolClass, { branchId, courseId, semester: c.semester }, data, 'classes'),
      );
    }
  }

  /** Dates each enrollment: signed up a week or two before the class started, or in the last days (pending). */
  private planEnrollments(): void {
    for (const [customer, classKey, statusKey] of ENROLLMENTS) {
      const status = EnrollmentStatus.code[statusKey];
      const start = CLASSES.find((c) => c.key === classKey)!.startDaysAgo;
      if (status === EnrollmentStatus.code.pending) {
        this.plans.set(customer, { customer, classKey, status, createdDaysAgo: this.random.int(1, 4) });
        continue;
      }
      const createdDaysAgo = start + this.random.int(6, 15);
      const agreedDaysAgo = createdDaysAgo - 1;
      const approvedDaysAgo =
        status === EnrollmentStatus.code.approved ? agreedDaysAgo - this.random.int(1, 2) : undefined;
      this.plans.set(customer, { customer, classKey, status, createdDaysAgo, agreedDaysAgo, approvedDaysAgo });
    }
  }

  private consultantOf(index: number): Staff {
    return this.staff.get(CONSULTANTS[index % CONSULTANTS.length])!;
  }

  private mobile(): string {
    return unique(
      this.phones,
      () => this.random.pick(MOBILE_PREFIXES) + String(this.random.int(0, 99_999_999)).padStart(8, '0'),
    );
  }

  /** When customer `index` first came in, in days before today. */
  private firstContactDaysAgo(index: number): number {
    const plan = this.plans.get(index);
    return plan ? plan.createdDaysAgo + this.random.int(7, 30) : this.random.int(3, 90);
  }

  private async seedCustomers(): Promise<void> {
    const qqs = new Set<string>();
    const customers = CUSTOMERS.map((spec, index) => {
      const created = at(this.firstContactDaysAgo(index), this.random.int(9, 20), this.random.int(0, 59));
      const enrolled = this.plans.get(index)?.status === EnrollmentStatus.code.approved;
      return this.manager.create(Customer, {
        name: spec.name,
        qq: unique(qqs, () => String(this.random.int(100_000_000, 3_999_999_999))),
        qqName: spec.qqName,
        phone: this.mobile(),
        source: CustomerSource.code[spec.source],
        consultCourseId: this.courses.get(spec.course)!.id,
        content: spec.content,
        tags: spec.tags.map((t) => this.tags.get(t)!),
        status: enrolled ? CustomerStatus.code.enrolled : CustomerStatus.code.notEnrolled,
        consultantId: this.consultantOf(index).id,
        memo: spec.memo ?? null,
        ...stamped(created),
      });
    });
    CUSTOMERS.forEach((spec, index) => {
      if (spec.referredBy !== undefined) customers[index].referralFrom = customers[spec.referredBy].qq;
    });
    this.customers = await this.manager.save(customers);
    this.summary.customers += customers.length;

    const contacts = CUSTOMERS.flatMap((spec, index) =>
      (spec.contacts ?? []).map(([relation, name]) =>
        this.manager.create(Contact, {
          customerId: this.customers[index].id,
          name,
          relation: ContactRelation.code[relation],
          phone: this.mobile(),
          memo: relation === 'father' ? '学费由父亲支付' : null,
          ...stamped(this.customers[index].createdAt),
        }),
      ),
    );
    this.summary.contacts += (await this.manager.save(contacts)).length;
  }

  private async seedEnrollmentsAndPayments(): Promise<void> {
    const manager = this.staff.get(MANAGER)!;
    const payments: Payment[] = [];
    for (const plan of this.plans.values()) {
      const customer = this.customers[plan.customer];
      const { entity: schoolClass } = this.classes.get(plan.classKey)!;
      const course = [...this.courses.values()].find((c) => c.id === schoolClass.courseId)!;
      const created = at(plan.createdDaysAgo, this.random.int(10, 17), this.random.int(0, 59));
      const agreed = plan.agreedDaysAgo === undefined ? null : at(plan.agreedDaysAgo, this.random.int(9, 21));
      const approved = plan.approvedDaysAgo === undefined ? null : at(plan.approvedDaysAgo, this.random.int(9, 17));
      const enrollment = await this.manager.save(
        this.manager.create(Enrollment, {
          customerId: customer.id,
          classId: schoolClass.id,
          consultantId: customer.consultantId,
          status: plan.status,
          contractText: course.contractTemplate,
          contractAgreedAt: agreed,
          contractApprovedAt: approved,
          approvedById: approved ? manager.id : null,
          ...stamped(created, approved ?? agreed ?? created),
        }),
      );
      this.enrollments.set(enrollmentKey(plan.customer, plan.classKey), enrollment);
      this.summary.enrollments++;
      if (!approved) continue;

      const pay = (amount: number, paidAt: Date, memo: string, type: number = PaymentType.code.payment) =>
        this.manager.create(Payment, {
          customerId: customer.id,
          courseId: course.id,
          enrollmentId: enrollment.id,
          type,
          method: this.random.pick([
            PaymentMethod.code.wechatPay,
            PaymentMethod.code.alipay,
            PaymentMethod.code.bankTransfer,
            PaymentMethod.code.card,
          ]),
          amount,
          consultantId: customer.consultantId,
          paidAt,
          memo,
          ...stamped(paidAt),
        });
      const deposit = DEPOSIT_PAYERS.get(plan.customer);
      if (deposit) {
        payments.push(pay(deposit, addHours(approved, 2), '定金'));
        payments.push(pay(course.price - deposit, at(Math.max(1, plan.approvedDaysAgo! - 30), 15), '尾款'));
      } else {
        payments.push(pay(course.price, addHours(approved, 2), '全款'));
      }
      const [refundCustomer, refundAmount, refundDaysAgo, refundMemo] = REFUND;
      if (plan.customer === refundCustomer) {
        payments.push(pay(refundAmount, at(refundDaysAgo, 16), refundMemo, PaymentType.code.refund));
      }
    }
    this.summary.payments += (await this.manager.save(payments)).length;
  }

  /** Which intentions a customer went through, oldest first; the last one is where they stand now. */
  private intentions(index: number): number[] {
    const I = FollowUpIntention.code;
    const plan = this.plans.get(index);
    if (plan?.status === EnrollmentStatus.code.approved) return [I.withinMonth, I.withinTwoWeeks, I.enrolled];
    if (plan) return [I.withinMonth, I.withinMonth, I.withinTwoWeeks];
    const final = I[CUSTOMERS[index].intent ?? 'withinMonth'];
    return [final === I.blacklisted ? I.noPlan : I.withinMonth, I.withinMonth, final];
  }

  private async seedFollowUps(): Promise<void> {
    const texts = new Map(
      FollowUpIntention.items.map((item) => [item.code, FOLLOW_UP_TEXTS[item.key as keyof typeof FOLLOW_UP_TEXTS]]),
    );
    const followUps = this.customers.flatMap((customer, index) => {
      const plan = this.plans.get(index);
      const count = this.random.int(plan ? 2 : 1, 3);
      const intentions = this.intentions(index).slice(-count);
      const first = Math.round((Date.now() - customer.createdAt.getTime()) / (24 * HOUR));
      const last = plan ? (plan.approvedDaysAgo ?? plan.createdDaysAgo) : Math.min(first, this.random.int(1, 12));
      const days = intentions.map((_, k) =>
        count === 1 ? last : Math.round(first - (k * (first - last)) / (count - 1)),
      );
      const dates = days.map((d) => at(d, this.random.int(9, 20), this.random.int(0, 59)));
      const courseName = [...this.courses.values()].find((c) => c.id === customer.consultCourseId)!.name;
      return intentions.map((intention, k) => {
        const next = k + 1 < count ? dates[k + 1] : this.nextFollowUp(intention);
        return this.manager.create(FollowUp, {
          customerId: customer.id,
          consultantId: customer.consultantId,
          content: this.random.pick(texts.get(intention)!).replace('{course}', courseName),
          intention,
          nextFollowUpAt: next,
          ...stamped(dates[k]),
        });
      });
    });
    this.summary.followUps += (await this.manager.save(followUps)).length;
  }

  /** When the consultant plans to call again after the latest follow-up, if at all. */
  private nextFollowUp(intention: number): Date | null {
    const I = FollowUpIntention.code;
    if (intention === I.withinTwoWeeks) return at(-this.random.int(1, 5), 10);
    if (intention === I.withinMonth) return at(-this.random.int(3, 20), 14);
    if (intention === I.noPlan && this.random.chance(0.5)) return at(-30, 10);
    return null;
  }

  private async seedLessons(): Promise<void> {
    for (const spec of CLASSES) {
      const { entity: schoolClass, created } = this.classes.get(spec.key)!;
      if (!created || spec.lessons === 0) continue;
      const topics = COURSES.find((c) => c.key === spec.course)!.topics;
      const students = [...this.enrollments.entries()]
        .filter(([key, e]) => key.endsWith(`:${spec.key}`) && e.status !== EnrollmentStatus.code.pending)
        .map(([, e]) => e);
      for (let k = 0; k < spec.lessons; k++) {
        const [outline, homework] = topics[k];
        const daysAgo = Math.round(spec.startDaysAgo - (k * (spec.startDaysAgo - 2)) / (spec.lessons - 1));
        const lesson = await this.manager.save(
          this.manager.create(Lesson, {
            classId: schoolClass.id,
            dayNum: k + 1,
            teacherId: this.staff.get(spec.teachers[k % spec.teachers.length])!.id,
            hasHomework: Boolean(homework),
            homeworkTitle: homework?.[0] ?? null,
            homeworkContent: homework?.[1] ?? null,
            outline,
            date: ymd(at(daysAgo, 9)),
            ...stamped(at(daysAgo, 18)),
          }),
        );
        this.summary.lessons++;
        const graded = Boolean(homework) && k < spec.lessons - 1; // the latest homework is not marked yet
        const records = students.map((e) => this.studyRecord(e, lesson, graded, at(daysAgo, 20)));
        this.summary.studyRecords += (await this.manager.save(records)).length;
      }
    }
  }

  private studyRecord(enrollment: Enrollment, lesson: Lesson, graded: boolean, when: Date): StudyRecord {
    const A = Attendance.code;
    const S = Score.code;
    const attendance = this.random.weighted([
      [A.present, 78],
      [A.late, 10],
      [A.absent, 7],
      [A.leftEarly, 5],
    ] as const);
    const score =
      attendance === A.absent || !graded
        ? S.na
        : this.random.weighted([
            [S.aPlus, 2],
            [S.a, 4],
            [S.bPlus, 4],
            [S.b, 3],
            [S.bMinus, 2],
            [S.cPlus, 1],
            [S.c, 1],
            [S.copy, 0.3],
          ] as const);
    const memo =
      score === S.copy
        ? '作业与他人雷同，已提醒'
        : attendance === A.late
          ? '迟到约15分钟'
          : attendance === A.absent
            ? this.random.pick(['请假：公司加班', '请假：身体不适', '未请假，已电话联系'])
            : attendance === A.leftEarly
              ? '有事提前离开，已补看录播'
              : null;
    return this.manager.create(StudyRecord, {
      enrollmentId: enrollment.id,
      lessonId: lesson.id,
      attendance,
      score,
      memo,
      ...stamped(when),
    });
  }

  private async seedFeedback(): Promise<void> {
    const service = this.staff.get(SERVICE)!;
    const S = FeedbackStatus.code;
    for (const spec of FEEDBACK) {
      const customer = this.customers[spec.customer];
      const enrollment = spec.classKey ? this.enrollments.get(enrollmentKey(spec.customer, spec.classKey)) : undefined;
      const status = S[spec.status];
      const created = at(spec.daysAgo, this.random.int(9, 17), this.random.int(0, 59));
      const responded = status === S.open ? null : addHours(created, this.random.int(1, 4));
      const resolved = status === S.resolved || status === S.closed ? addHours(created, this.random.int(20, 40)) : null;
      const closed = status === S.closed ? addHours(resolved!, 48) : null;
      const feedback = await this.manager.save(
        this.manager.create(Feedback, {
          customerId: customer.id,
          enrollmentId: enrollment?.id ?? null,
          classId: enrollment?.classId ?? null,
          type: FeedbackType.code[spec.type],
          channel: FeedbackChannel.code[spec.channel],
          priority: FeedbackPriority.code[spec.priority],
          status,
          title: spec.title,
          content: spec.content,
          assigneeId: status === S.open ? null : service.id,
          createdById: status === S.open ? customer.consultantId : service.id,
          resolution: resolved ? (spec.resolution ?? null) : null,
          satisfaction: closed ? (spec.satisfaction?.[0] ?? null) : null,
          satisfactionComment: closed ? (spec.satisfaction?.[1] ?? null) : null,
          firstResponseAt: responded,
          resolvedAt: resolved,
          closedAt: closed,
          ...stamped(created, closed ?? resolved ?? responded ?? created),
        }),
      );
      this.summary.feedback++;
      const replies = (spec.replies ?? []).map(([kind, content], k) =>
        this.manager.create(FeedbackReply, {
          feedbackId: feedback.id,
          authorId: service.id,
          kind: FeedbackReplyKind.code[kind],
          content,
          ...stamped(addHours(responded ?? created, k)),
        }),
      );
      this.summary.feedbackReplies += (await this.manager.save(replies)).length;
    }
  }
}
