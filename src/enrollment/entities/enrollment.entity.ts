import { Column, Entity, Index, JoinColumn, ManyToOne, type Relation } from 'typeorm';
import { Staff } from '../../auth/entities/staff.entity.js';
import { CodeColumn } from '../../common/codes/code-column.js';
import { EnrollmentStatus } from '../../common/codes/codes.js';
import { EditableRecord, readableNumber, TIMESTAMP } from '../../common/entities/base.entity.js';
import { Customer } from '../../customers/entities/customer.entity.js';
import { SchoolClass } from '../../teaching/entities/school-class.entity.js';

export const ENROLLMENT_NUMBER_PREFIX = 'E';

/** A customer enrolled in a class, with its contract (the seed's Enrollment). */
@Entity('enrollment')
@Index('UQ_enrollment_customer_class', ['customerId', 'classId'], { unique: true })
@Index('IDX_enrollment_created_at', ['createdAt'])
export class Enrollment extends EditableRecord {
  @Column({ type: 'integer' })
  customerId: number;

  @ManyToOne(() => Customer, { onDelete: 'RESTRICT', onUpdate: 'NO ACTION' })
  @JoinColumn({ name: 'customer_id' })
  customer: Relation<Customer>;

  @Index('IDX_enrollment_class_id')
  @Column({ type: 'integer' })
  classId: number;

  @ManyToOne(() => SchoolClass, { onDelete: 'RESTRICT', onUpdate: 'NO ACTION' })
  @JoinColumn({ name: 'class_id' })
  schoolClass: Relation<SchoolClass>;

  @Index('IDX_enrollment_consultant_id')
  @Column({ type: 'integer' })
  consultantId: number;

  @ManyToOne(() => Staff, { onDelete: 'RESTRICT', onUpdate: 'NO ACTION' })
  @JoinColumn({ name: 'consultant_id' })
  consultant: Relation<Staff>;

  @Index('IDX_enrollment_status')
  @CodeColumn(EnrollmentStatus)
  status: number;

  /** Copied from the course's contract template when the enrollment is created. */
  @Column({ type: 'text', nullable: true })
  contractText: string | null;

  /** Integer fen, copied from the course's price when the enrollment is created: what the customer agreed to pay. */
  @Column({ type: 'integer', default: 0 })
  price: number;

  /** Lessons bought (the course's lessonCount unless agreed otherwise); study records use them up. */
  @Column({ type: 'smallint', default: 0 })
  purchasedLessons: number;

  /** When the student agreed to the contract (the seed's contract_agreed). */
  @Column({ ...TIMESTAMP, nullable: true })
  contractAgreedAt: Date | null;

  /** When staff approved the contract (the seed's contract_approved). */
  @Column({ ...TIMESTAMP, nullable: true })
  contractApprovedAt: Date | null;

  @Index('IDX_enrollment_approved_by_id')
  @Column({ type: 'integer', nullable: true })
  approvedById: number | null;

  @ManyToOne(() => Staff, { onDelete: 'RESTRICT', onUpdate: 'NO ACTION', nullable: true })
  @JoinColumn({ name: 'approved_by_id' })
  approvedBy: Relation<Staff> | null;

  @Column({ type: 'varchar', length: 255, nullable: true })
  rejectReason: string | null;

  @Column({ type: 'varchar', length: 255, nullable: true })
  cancelReason: string | null;

  get number(): string {
    return readableNumber(ENROLLMENT_NUMBER_PREFIX, this.id);
  }
}
