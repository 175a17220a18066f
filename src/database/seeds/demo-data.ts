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
import { rebuildFunnelDays } from '../../customers/funnel/funnel-days.js';
import { Enrollment } from '../../enrollment/entities/enrollment.entity.js';
import { FeedbackReply } from '../../feedback/entities/feedback-reply.entity.js';
import { Feedback } from '../../feedback/entities/feedback.entity.js';
import { followUpDueAt } from '../../sales/due-rules.js';
import { FollowUp } from '../../sales/entities/follow-up.entity.js';
import { Payment } from '../../sales/entities/payment.entity.js';
import { Branch } from '../../teaching/entities/branch.entity.js';
import { Course } from '../../teaching/entities/course.entity.js';
import { Lesson } from '../../teaching/entities/lesson.entity.js';
import { SchoolClass } from '../../teaching/entities/school-class.entity.js';
import { StudyRecord } from '../../teaching/entities/study-record.entity.js';
import {
  ATTENDANCE_WEIGHTS,
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
  MOBILE_PREFIXES,
  PAYMENT_METHODS,
  REFUND,
  SCORE_WEIGHTS,
  SERVICE,
  STAFF,
  STUDY_MEMOS,
  TAGS,
  contractTemplate,
  type ClassKey,
  type CourseKey,
  type Intention,
  type Username,
} from './demo-fixtures.js';

const SUMMARY_KINDS = [
  'branches',
  'courses',
  'staff',
  'tags',
  'classes',
  'customers',
  'contacts',
  'followUps',
  'enrollments',
  'payments',
  'lessons',
  'studyRecords',
  'feedback',
  'feedbackReplies',
] as const;

/** How many records of each kind the seed created. */
export type DemoSummary = Record<(typeof SUMMARY_KINDS)[number], number>;

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
    /** Picks by weight from `[[value, weight], …]`. */
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

/** Backdates a record (it would otherwise look created today). */
const stamped = (createdAt: Date, updatedAt = createdAt) => ({ createdAt, updatedAt });

/** A value from `make` that is not in `used` yet (then it is). */
function unique(used: Set<string>, make: () => string): string {
  let value = make();
  while (used.has(value)) value = make();
  used.add(value);
  return value;
}

const enrollmentKey = (customer: number, classKey: ClassKey) => `${customer}:${classKey}`;

// ---- the seeder ----------------------------------------------------------------------------------------

/** An enrollment's timeline; a step that has not happened yet is undefined. */
interface EnrollmentPlan {
  customer: number;
  classKey: ClassKey;
  status: number;
  created: Date;
  agreed?: Date;
  approved?: Date;
}

class DemoSeeder {
  private readonly random: Random = randomGenerator(DEMO_RANDOM_SEED);
  private readonly summary = Object.fromEntries(SUMMARY_KINDS.map((kind) => [kind, 0])) as DemoSummary;
  private readonly phones = new Set<string>();
  private readonly staff = new Map<Username, Staff>();
  private readonly courses = new Map<CourseKey, Course>();
  /** `created` is false for a class that already existed: it gets no demo lessons. */
  private readonly classes = new Map<ClassKey, { entity: SchoolClass; created: boolean }>();
  private readonly tags = new Map<string, Tag>();
  /** Enrollment timelines by customer index (a customer has at most one demo enrollment). */
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
    // the rows above bypass the services that keep the funnel's daily counts: count them once at the end
    await rebuildFunnelDays(this.manager);
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
      const data = {
        ...{ username: s.username, name: s.name, phone: s.phone, email: `${s.username}@easycrm.example` },
        ...{ passwordHash: this.passwordHash, isActive: true, mustChangePassword: false, roles: [role] },
      };
      this.staff.set(s.username, (await this.findOrCreate(Staff, { username: s.username }, data, 'staff')).entity);
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
      const where = { branchId, courseId, semester: c.semester };
      this.classes.set(c.key, await this.findOrCreate(SchoolClass, where, data, 'classes'));
    }
  }

  /**
   * Enrollment timelines: signed up a week or two before the class started, agreed the next day, approved a
   * day or two later; pending ones signed up in the last days.
   */
  private planEnrollments(): void {
    for (const [customer, classKey, statusKey] of ENROLLMENTS) {
      const status = EnrollmentStatus.code[statusKey];
      if (status === EnrollmentStatus.code.pending) {
        this.plans.set(customer, { customer, classKey, status, created: this.workTime(this.random.int(1, 4)) });
        continue;
      }
      const daysAgo = CLASSES.find((c) => c.key === classKey)!.startDaysAgo + this.random.int(6, 15);
      const approved = status === EnrollmentStatus.code.approved;
      this.plans.set(customer, {
        customer,
        classKey,
        status,
        created: this.workTime(daysAgo),
        agreed: this.workTime(daysAgo - 1),
        approved: approved ? this.workTime(daysAgo - 1 - this.random.int(1, 2)) : undefined,
      });
    }
  }

  /** A random time between 9:00 and 20:59, `daysAgo` days before today. */
  private workTime(daysAgo: number): Date {
    return at(daysAgo, this.random.int(9, 20), this.random.int(0, 59));
  }

  private consultantOf(index: number): Staff {
    return this.staff.get(CONSULTANTS[index % CONSULTANTS.length])!;
  }

  private mobile(): string {
    const digits = () => String(this.random.int(0, 99_999_999)).padStart(8, '0');
    return unique(this.phones, () => this.random.pick(MOBILE_PREFIXES) + digits());
  }

  /** When each customer first came in, in days before today: before their enrollment, after their referrer. */
  private firstContactDays(): number[] {
    const days: number[] = [];
    CUSTOMERS.forEach((spec, index) => {
      const plan = this.plans.get(index);
      const own = plan
        ? Math.ceil((Date.now() - plan.created.getTime()) / (24 * HOUR)) + this.random.int(7, 30)
        : this.random.int(3, 90);
      days.push(spec.referredBy === undefined ? own : Math.min(own, days[spec.referredBy] - 1));
    });
    return days;
  }

  private async seedCustomers(): Promise<void> {
    const qqs = new Set<string>();
    const firstContact = this.firstContactDays();
    const customers = CUSTOMERS.map((spec, index) =>
      this.manager.create(Customer, {
        name: spec.name,
        qq: unique(qqs, () => String(this.random.int(100_000_000, 3_999_999_999))),
        qqName: spec.qqName,
        phone: this.mobile(),
        source: CustomerSource.code[spec.source],
        consultCourseId: this.courses.get(spec.course)!.id,
        content: spec.content,
        tags: spec.tags.map((t) => this.tags.get(t)!),
        status:
          this.plans.get(index)?.status === EnrollmentStatus.code.approved
            ? CustomerStatus.code.enrolled
            : CustomerStatus.code.notEnrolled,
        consultantId: this.consultantOf(index).id,
        memo: spec.memo ?? null,
        ...stamped(this.workTime(firstContact[index])),
      }),
    );
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
    const approver = this.staff.get(MANAGER)!;
    const payments: Payment[] = [];
    for (const plan of this.plans.values()) {
      const customer = this.customers[plan.customer];
      const { entity: schoolClass } = this.classes.get(plan.classKey)!;
      const course = [...this.courses.values()].find((c) => c.id === schoolClass.courseId)!;
      const enrollment = await this.manager.save(
        this.manager.create(Enrollment, {
          customerId: customer.id,
          classId: schoolClass.id,
          consultantId: customer.consultantId,
          status: plan.status,
          contractText: course.contractTemplate,
          price: course.price,
          purchasedLessons: course.lessonCount,
          contractAgreedAt: plan.agreed ?? null,
          contractApprovedAt: plan.approved ?? null,
          approvedById: plan.approved ? approver.id : null,
          ...stamped(plan.created, plan.approved ?? plan.agreed ?? plan.created),
        }),
      );
      this.enrollments.set(enrollmentKey(plan.customer, plan.classKey), enrollment);
      this.summary.enrollments++;
      if (!plan.approved) continue;

      const pay = (amount: number, paidAt: Date, memo: string, type: number = PaymentType.code.payment) =>
        this.manager.create(Payment, {
          customerId: customer.id,
          courseId: course.id,
          enrollmentId: enrollment.id,
          classId: enrollment.classId,
          type,
          method: PaymentMethod.code[this.random.pick(PAYMENT_METHODS)],
          amount,
          consultantId: customer.consultantId,
          paidAt,
          memo,
          ...stamped(paidAt),
        });
      const deposit = DEPOSIT_PAYERS.get(plan.customer);
      if (deposit) {
        payments.push(pay(deposit, addHours(plan.approved, 2), '定金'));
        const balanceAt = new Date(Math.min(addHours(plan.approved, 30 * 24).getTime(), at(1, 15).getTime()));
        payments.push(pay(course.price - deposit, balanceAt, '尾款'));
      } else {
        payments.push(pay(course.price, addHours(plan.approved, 2), '全款'));
      }
      const [refundCustomer, refundAmount, refundDaysAgo, refundMemo] = REFUND;
      if (plan.customer === refundCustomer) {
        payments.push(pay(refundAmount, at(refundDaysAgo, 16), refundMemo, PaymentType.code.refund));
      }
    }
    this.summary.payments += (await this.manager.save(payments)).length;
  }

  /** The intentions a customer went through, oldest first; the last one is where they stand now. */
  private intentions(index: number): Intention[] {
    const plan = this.plans.get(index);
    if (plan?.approved) return ['withinMonth', 'withinTwoWeeks', 'enrolled'];
    if (plan) return ['withinMonth', 'withinMonth', 'withinTwoWeeks'];
    const final = CUSTOMERS[index].intent ?? 'withinMonth';
    return [final === 'blacklisted' ? 'noPlan' : 'withinMonth', 'withinMonth', final];
  }

  /**
   * `count` follow-up times, oldest first: soon after the customer came in, and last when they enrolled,
   * before they signed up, or in the last days.
   */
  private followUpTimes(customer: Customer, index: number, count: number): Date[] {
    const plan = this.plans.get(index);
    const first = addHours(customer.createdAt, this.random.int(1, 3));
    let last = plan?.approved
      ? addHours(plan.approved, 3)
      : plan
        ? addHours(plan.created, -2)
        : this.workTime(this.random.int(1, 12));
    if (last <= first) last = addHours(first, 24);
    if (count === 1) return [last];
    if (count === 2) return [first, last];
    const middle = new Date((first.getTime() + last.getTime()) / 2);
    middle.setHours(this.random.int(9, 20), this.random.int(0, 59));
    return [first, middle, last].sort((a, b) => a.getTime() - b.getTime());
  }

  private async seedFollowUps(): Promise<void> {
    const followUps = this.customers.flatMap((customer, index) => {
      const count = this.random.int(this.plans.has(index) ? 2 : 1, 3);
      const intentions = this.intentions(index).slice(-count);
      const times = this.followUpTimes(customer, index, count);
      const courseName = [...this.courses.values()].find((c) => c.id === customer.consultCourseId)!.name;
      const used = new Set<string>();
      return intentions.map((intention, k) => {
        const texts = FOLLOW_UP_TEXTS[intention];
        const fresh = texts.filter((t) => !used.has(t));
        const text = this.random.pick(fresh.length ? fresh : texts);
        used.add(text);
        return this.manager.create(FollowUp, {
          customerId: customer.id,
          consultantId: customer.consultantId,
          content: text.replace('{course}', courseName),
          intention: FollowUpIntention.code[intention],
          nextFollowUpAt: k + 1 < count ? times[k + 1] : this.nextFollowUp(intention),
          ...stamped(times[k]),
        });
      });
    });
    this.summary.followUps += (await this.manager.save(followUps)).length;
    // what the follow-up service keeps on the customer: the latest intention and when it was
    for (const customer of this.customers) {
      const latest = followUps.filter((f) => f.customerId === customer.id).at(-1);
      customer.latestIntention = latest?.intention ?? null;
      customer.lastFollowUpAt = latest?.createdAt ?? null;
      customer.nextFollowUpAt = latest?.nextFollowUpAt ?? null;
      customer.followUpDueAt = followUpDueAt(customer);
    }
    await this.manager.save(this.customers);
  }

  /** When the consultant plans to call again after the latest follow-up, if at all. */
  private nextFollowUp(intention: Intention): Date | null {
    if (intention === 'withinTwoWeeks') return at(-this.random.int(1, 5), 10);
    if (intention === 'withinMonth') return at(-this.random.int(3, 20), 14);
    if (intention === 'noPlan' && this.random.chance(0.5)) return at(-30, 10);
    return null;
  }

  private async seedLessons(): Promise<void> {
    for (const spec of CLASSES) {
      const { entity: schoolClass, created } = this.classes.get(spec.key)!;
      if (!created || spec.lessons === 0) continue;
      const topics = COURSES.find((c) => c.key === spec.course)!.topics;
      const students = [...this.plans.values()]
        .filter((p) => p.classKey === spec.key && p.agreed)
        .map((p) => this.enrollments.get(enrollmentKey(p.customer, p.classKey))!);
      const lastDaysAgo = this.random.int(1, 5);
      for (let k = 0; k < spec.lessons; k++) {
        const [outline, homework] = topics[k];
        const daysAgo = Math.round(spec.startDaysAgo - (k * (spec.startDaysAgo - lastDaysAgo)) / (spec.lessons - 1));
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
    const attendance = this.random.weighted(ATTENDANCE_WEIGHTS);
    const score = attendance === 'absent' || !graded ? 'na' : this.random.weighted(SCORE_WEIGHTS);
    const memoKey = score === 'copy' ? score : attendance === 'present' ? undefined : attendance;
    return this.manager.create(StudyRecord, {
      enrollmentId: enrollment.id,
      lessonId: lesson.id,
      attendance: Attendance.code[attendance],
      score: Score.code[score],
      memo: memoKey ? this.random.pick(STUDY_MEMOS[memoKey]) : null,
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
      const created = at(spec.daysAgo, this.random.int(9, 16), this.random.int(0, 59));
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
          // an open ticket was logged by the customer's consultant and waits for service to pick it up
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
