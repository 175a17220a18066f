import {
  Column,
  DeleteDateColumn,
  Entity,
  Index,
  JoinColumn,
  JoinTable,
  ManyToMany,
  ManyToOne,
  type Relation,
} from 'typeorm';
import { Staff } from '../../auth/entities/staff.entity.js';
import { CodeColumn } from '../../common/codes/code-column.js';
import { CustomerSource, CustomerStatus, FollowUpIntention } from '../../common/codes/codes.js';
import { EditableRecord, readableNumber, TIMESTAMP } from '../../common/entities/base.entity.js';
import { Course } from '../../teaching/entities/course.entity.js';
import { Tag } from './tag.entity.js';

export const CUSTOMER_NUMBER_PREFIX = 'C';

/** A prospective or enrolled student (the seed's Customer); soft-deleted. */
@Entity('customer')
@Index('IDX_customer_consultant_due', ['consultantId', 'followUpDueAt'])
// the list's default order and usual filters, each ending in the order: a page is the start of one index range
// (no single-column index on deleted_at or status: MariaDB would intersect it with another and sort every match;
// not (deleted_at, created_at): MariaDB reads that as ref on deleted_at alone and scans for a deep cursor)
@Index('IDX_customer_created_live', ['createdAt', 'deletedAt'])
@Index('IDX_customer_consultant_list', ['consultantId', 'deletedAt', 'createdAt'])
@Index('IDX_customer_status_source_list', ['status', 'source', 'deletedAt', 'createdAt'])
@Index('IDX_customer_lost_to_list', ['lostToCompetitorId', 'deletedAt', 'createdAt'])
export class Customer extends EditableRecord {
  @Index('IDX_customer_name')
  @Column({ type: 'varchar', length: 32, nullable: true })
  name: string | null;

  @Index('UQ_customer_qq', { unique: true })
  @Column({ type: 'varchar', length: 64, nullable: true })
  qq: string | null;

  @Index('IDX_customer_qq_name')
  @Column({ type: 'varchar', length: 64, nullable: true })
  qqName: string | null;

  /** Unique among live customers; the service enforces it (soft-deleted rows keep their phone). */
  @Index('IDX_customer_phone')
  @Column({ type: 'varchar', length: 32, nullable: true })
  phone: string | null;

  @Index('IDX_customer_source')
  @CodeColumn(CustomerSource)
  source: number;

  /** The referrer's qq. */
  @Column({ type: 'varchar', length: 64, nullable: true })
  referralFrom: string | null;

  @Index('IDX_customer_consult_course_id')
  @Column({ type: 'integer', nullable: true })
  consultCourseId: number | null;

  @ManyToOne(() => Course, { onDelete: 'RESTRICT', onUpdate: 'NO ACTION', nullable: true })
  @JoinColumn({ name: 'consult_course_id' })
  consultCourse: Relation<Course> | null;

  /** Consultation details. */
  @Column({ type: 'text', nullable: true })
  content: string | null;

  @ManyToMany(() => Tag, { cascade: false })
  @JoinTable({
    name: 'customer_tags',
    joinColumn: { name: 'customer_id', referencedColumnName: 'id' },
    inverseJoinColumn: { name: 'tag_id', referencedColumnName: 'id' },
  })
  tags: Relation<Tag>[];

  @CodeColumn(CustomerStatus)
  status: number;

  @Index('IDX_customer_consultant_id')
  @Column({ type: 'integer' })
  consultantId: number;

  @ManyToOne(() => Staff, { onDelete: 'RESTRICT', onUpdate: 'NO ACTION' })
  @JoinColumn({ name: 'consultant_id' })
  consultant: Relation<Staff>;

  @Column({ type: 'text', nullable: true })
  memo: string | null;

  /**
   * The intention of the latest follow-up and when it was: kept here by the follow-up service (in the same
   * transaction) so lists can filter and sort on them with an index instead of a subquery per row.
   */
  @Index('IDX_customer_latest_intention')
  @CodeColumn(FollowUpIntention, { nullable: true })
  latestIntention: number | null;

  /**
   * The competitor the customer enrolled with, when their latest follow-up says so (intention enrolledElsewhere
   * naming one): kept by the follow-up service like latestIntention, so "lost to competitor X" is an index range.
   */
  @Column({ type: 'integer', nullable: true })
  lostToCompetitorId: number | null;

  @Index('IDX_customer_last_follow_up_at')
  @Column({ ...TIMESTAMP, nullable: true })
  lastFollowUpAt: Date | null;

  /** The latest follow-up's planned next contact. */
  @Column({ ...TIMESTAMP, nullable: true })
  nextFollowUpAt: Date | null;

  /** When the customer is due a follow-up (see sales/due-rules.ts): the due list reads this through its index. */
  @Column({ ...TIMESTAMP, nullable: true })
  followUpDueAt: Date | null;

  @DeleteDateColumn(TIMESTAMP)
  deletedAt: Date | null;

  get number(): string {
    return readableNumber(CUSTOMER_NUMBER_PREFIX, this.id);
  }
}
