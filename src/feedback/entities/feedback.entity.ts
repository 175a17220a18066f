import { Column, Entity, Index, JoinColumn, ManyToOne, type Relation } from 'typeorm';
import { Staff } from '../../auth/entities/staff.entity.js';
import { CodeColumn } from '../../common/codes/code-column.js';
import { FeedbackChannel, FeedbackPriority, FeedbackStatus, FeedbackType } from '../../common/codes/codes.js';
import { EditableRecord, readableNumber, TIMESTAMP } from '../../common/entities/base.entity.js';
import { Customer } from '../../customers/entities/customer.entity.js';
import { Enrollment } from '../../enrollment/entities/enrollment.entity.js';
import { SchoolClass } from '../../teaching/entities/school-class.entity.js';

export const FEEDBACK_NUMBER_PREFIX = 'F';

/** A service ticket: customer feedback and its handling (the seed's "service feedback" requirement). */
@Entity('feedback')
@Index('IDX_feedback_created_at', ['createdAt'])
export class Feedback extends EditableRecord {
  @Index('IDX_feedback_customer_id')
  @Column({ type: 'integer' })
  customerId: number;

  @ManyToOne(() => Customer, { onDelete: 'RESTRICT', onUpdate: 'NO ACTION' })
  @JoinColumn({ name: 'customer_id' })
  customer: Relation<Customer>;

  @Index('IDX_feedback_enrollment_id')
  @Column({ type: 'integer', nullable: true })
  enrollmentId: number | null;

  @ManyToOne(() => Enrollment, { onDelete: 'RESTRICT', onUpdate: 'NO ACTION', nullable: true })
  @JoinColumn({ name: 'enrollment_id' })
  enrollment: Relation<Enrollment> | null;

  @Index('IDX_feedback_class_id')
  @Column({ type: 'integer', nullable: true })
  classId: number | null;

  @ManyToOne(() => SchoolClass, { onDelete: 'RESTRICT', onUpdate: 'NO ACTION', nullable: true })
  @JoinColumn({ name: 'class_id' })
  schoolClass: Relation<SchoolClass> | null;

  @CodeColumn(FeedbackType)
  type: number;

  @CodeColumn(FeedbackChannel)
  channel: number;

  @Index('IDX_feedback_priority')
  @CodeColumn(FeedbackPriority)
  priority: number;

  @Index('IDX_feedback_status')
  @CodeColumn(FeedbackStatus)
  status: number;

  /** Indexed: lists search it by prefix. */
  @Index('IDX_feedback_title')
  @Column({ type: 'varchar', length: 128 })
  title: string;

  @Column({ type: 'text' })
  content: string;

  @Index('IDX_feedback_assignee_id')
  @Column({ type: 'integer', nullable: true })
  assigneeId: number | null;

  @ManyToOne(() => Staff, { onDelete: 'RESTRICT', onUpdate: 'NO ACTION', nullable: true })
  @JoinColumn({ name: 'assignee_id' })
  assignee: Relation<Staff> | null;

  @Index('IDX_feedback_created_by_id')
  @Column({ type: 'integer', nullable: true })
  createdById: number | null;

  @ManyToOne(() => Staff, { onDelete: 'RESTRICT', onUpdate: 'NO ACTION', nullable: true })
  @JoinColumn({ name: 'created_by_id' })
  createdBy: Relation<Staff> | null;

  @Column({ type: 'text', nullable: true })
  resolution: string | null;

  /** 1 (very unhappy) to 5 (very satisfied). */
  @Column({ type: 'smallint', nullable: true })
  satisfaction: number | null;

  @Column({ type: 'text', nullable: true })
  satisfactionComment: string | null;

  @Column({ ...TIMESTAMP, nullable: true })
  firstResponseAt: Date | null;

  @Column({ ...TIMESTAMP, nullable: true })
  resolvedAt: Date | null;

  @Column({ ...TIMESTAMP, nullable: true })
  closedAt: Date | null;

  get number(): string {
    return readableNumber(FEEDBACK_NUMBER_PREFIX, this.id);
  }
}
