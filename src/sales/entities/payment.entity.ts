import { Column, Entity, Index, JoinColumn, ManyToOne, type Relation } from 'typeorm';
import { Staff } from '../../auth/entities/staff.entity.js';
import { CodeColumn } from '../../common/codes/code-column.js';
import { PaymentMethod, PaymentType } from '../../common/codes/codes.js';
import { EditableRecord, readableNumber, TIMESTAMP } from '../../common/entities/base.entity.js';
import { Customer } from '../../customers/entities/customer.entity.js';
import { Enrollment } from '../../enrollment/entities/enrollment.entity.js';
import { Course } from '../../teaching/entities/course.entity.js';

export const PAYMENT_NUMBER_PREFIX = 'P';

/**
 * A payment or refund for a course (the seed's Payment). IDX_payment_report covers every column the sales report
 * reads, so the report reads a range of that index and never the rows.
 */
@Entity('payment')
@Index('IDX_payment_report', [
  'paidAt',
  'type',
  'amount',
  'consultantId',
  'courseId',
  'classId',
  'enrollmentId',
  'customerId',
])
export class Payment extends EditableRecord {
  @Index('IDX_payment_customer_id')
  @Column({ type: 'integer' })
  customerId: number;

  @ManyToOne(() => Customer, { onDelete: 'RESTRICT', onUpdate: 'NO ACTION' })
  @JoinColumn({ name: 'customer_id' })
  customer: Relation<Customer>;

  @Index('IDX_payment_course_id')
  @Column({ type: 'integer' })
  courseId: number;

  @ManyToOne(() => Course, { onDelete: 'RESTRICT', onUpdate: 'NO ACTION' })
  @JoinColumn({ name: 'course_id' })
  course: Relation<Course>;

  @Index('IDX_payment_enrollment_id')
  @Column({ type: 'integer', nullable: true })
  enrollmentId: number | null;

  @ManyToOne(() => Enrollment, { onDelete: 'RESTRICT', onUpdate: 'NO ACTION', nullable: true })
  @JoinColumn({ name: 'enrollment_id' })
  enrollment: Relation<Enrollment> | null;

  /**
   * The class of the enrollment, copied when the payment is recorded (an enrollment never changes class), so
   * the sales report groups by campus without reading every enrollment; null without an enrollment.
   */
  @Column({ type: 'integer', nullable: true })
  classId: number | null;

  @CodeColumn(PaymentType)
  type: number;

  @CodeColumn(PaymentMethod)
  method: number;

  /** Money is integer fen (1/100 CNY), never floating yuan: 50000 = ¥500.00, the seed's default. */
  @Column({ type: 'integer', default: 50000 })
  amount: number;

  @Index('IDX_payment_consultant_id')
  @Column({ type: 'integer' })
  consultantId: number;

  @ManyToOne(() => Staff, { onDelete: 'RESTRICT', onUpdate: 'NO ACTION' })
  @JoinColumn({ name: 'consultant_id' })
  consultant: Relation<Staff>;

  @Index('IDX_payment_paid_at')
  @Column(TIMESTAMP)
  paidAt: Date;

  @Column({ type: 'text', nullable: true })
  memo: string | null;

  get number(): string {
    return readableNumber(PAYMENT_NUMBER_PREFIX, this.id);
  }
}
