import { Attendance, ClassType, CustomerSource, PaymentMethod, PaymentType } from '../../src/common/codes/codes.js';
import { Customer } from '../../src/customers/entities/customer.entity.js';
import { Enrollment } from '../../src/enrollment/entities/enrollment.entity.js';
import { Payment } from '../../src/sales/entities/payment.entity.js';
import { Branch } from '../../src/teaching/entities/branch.entity.js';
import { Course } from '../../src/teaching/entities/course.entity.js';
import { Lesson } from '../../src/teaching/entities/lesson.entity.js';
import { SchoolClass } from '../../src/teaching/entities/school-class.entity.js';
import { StudyRecord } from '../../src/teaching/entities/study-record.entity.js';
import type { TestApp } from './test-app.js';

/**
 * Teaching, customer and payment rows written straight through the repositories, for enrollment tests (the
 * teaching, customer and payment APIs are tested on their own).
 */
export class EnrollmentFixtures {
  private serial = 0;

  constructor(private readonly t: TestApp) {}

  private next(): number {
    return ++this.serial;
  }

  async campus(name = `校区${this.next()}`): Promise<Branch> {
    return this.t.dataSource.getRepository(Branch).save({ name, address: `${name}路1号` });
  }

  async course(fields: Partial<Course> = {}): Promise<Course> {
    return this.t.dataSource.getRepository(Course).save({
      name: `课程${this.next()}`,
      price: 980000,
      periodMonths: 4,
      outline: '大纲',
      lessonCount: 10,
      contractTemplate: '培训合同：学费 9800 元，共 10 课时。',
      ...fields,
    });
  }

  /** A class of `course` (a new course when not given) at `campus` (a new campus when not given). */
  async schoolClass(options: { course?: Course; campus?: Branch; semester?: number } = {}): Promise<SchoolClass> {
    const course = options.course ?? (await this.course());
    const campus = options.campus ?? (await this.campus());
    return this.t.dataSource.getRepository(SchoolClass).save({
      branchId: campus.id,
      courseId: course.id,
      classType: ClassType.code.fullTime,
      semester: options.semester ?? this.next(),
      startDate: '2026-03-02',
      endDate: '2026-07-02',
    });
  }

  async customer(consultantId: number, name = `客户${this.next()}`): Promise<Customer> {
    const repo = this.t.dataSource.getRepository(Customer);
    const phone = `1390000${String(this.next()).padStart(4, '0')}`;
    return repo.save(repo.create({ name, phone, source: CustomerSource.code.website, consultantId }));
  }

  async customerStatus(id: number): Promise<number> {
    return (await this.t.dataSource.getRepository(Customer).findOneByOrFail({ id })).status;
  }

  async enrollment(id: number): Promise<Enrollment> {
    return this.t.dataSource.getRepository(Enrollment).findOneByOrFail({ id });
  }

  /** A payment (or, with `type` refund, a refund) of `amount` fen for the enrollment. */
  async payment(enrollment: Enrollment, amount: number, type: number = PaymentType.code.payment): Promise<Payment> {
    const schoolClass = await this.t.dataSource.getRepository(SchoolClass).findOneByOrFail({ id: enrollment.classId });
    return this.t.dataSource.getRepository(Payment).save({
      customerId: enrollment.customerId,
      courseId: schoolClass.courseId,
      enrollmentId: enrollment.id,
      type,
      method: PaymentMethod.code.wechatPay,
      amount,
      consultantId: enrollment.consultantId,
      paidAt: new Date(),
    });
  }

  /** One lesson of the class per attendance, each with a study record of the enrollment. */
  async attend(enrollment: Enrollment, teacherId: number, attendances: number[]): Promise<void> {
    const lessons = this.t.dataSource.getRepository(Lesson);
    const records = this.t.dataSource.getRepository(StudyRecord);
    const held = await lessons.countBy({ classId: enrollment.classId });
    for (const [i, attendance] of attendances.entries()) {
      const lesson = await lessons.save({
        classId: enrollment.classId,
        dayNum: held + i + 1,
        teacherId,
        outline: `第${held + i + 1}课`,
        date: '2026-03-10',
      });
      await records.save({ enrollmentId: enrollment.id, lessonId: lesson.id, attendance });
    }
  }
}

export const { present, late, absent, leftEarly } = Attendance.code;
