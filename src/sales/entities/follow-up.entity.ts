import { Column, Entity, Index, JoinColumn, ManyToOne, type Relation } from 'typeorm';
import { Staff } from '../../auth/entities/staff.entity.js';
import { CodeColumn } from '../../common/codes/code-column.js';
import { FollowUpIntention, LostReason } from '../../common/codes/codes.js';
import { EditableRecord, TIMESTAMP } from '../../common/entities/base.entity.js';
import { Customer } from '../../customers/entities/customer.entity.js';
import { Competitor } from '../../market/entities/competitor.entity.js';

/** A follow-up contact with a customer (the seed's CustomerFollowUp). */
@Entity('customer_follow_up')
@Index('IDX_customer_follow_up_created_at', ['createdAt'])
@Index('IDX_customer_follow_up_customer_created', ['customerId', 'createdAt'])
export class FollowUp extends EditableRecord {
  @Column({ type: 'integer' })
  customerId: number;

  @ManyToOne(() => Customer, { onDelete: 'RESTRICT', onUpdate: 'NO ACTION' })
  @JoinColumn({ name: 'customer_id' })
  customer: Relation<Customer>;

  @Column({ type: 'text' })
  content: string;

  @Index('IDX_customer_follow_up_consultant_id')
  @Column({ type: 'integer' })
  consultantId: number;

  @ManyToOne(() => Staff, { onDelete: 'RESTRICT', onUpdate: 'NO ACTION' })
  @JoinColumn({ name: 'consultant_id' })
  consultant: Relation<Staff>;

  @Index('IDX_customer_follow_up_intention')
  @CodeColumn(FollowUpIntention)
  intention: number;

  /** When the next follow-up is due. */
  @Index('IDX_customer_follow_up_next_follow_up_at')
  @Column({ ...TIMESTAMP, nullable: true })
  nextFollowUpAt: Date | null;

  /** Intention enrolledElsewhere only: the competitor the customer enrolled with. */
  @Index('IDX_customer_follow_up_competitor_id')
  @Column({ type: 'integer', nullable: true })
  competitorId: number | null;

  @ManyToOne(() => Competitor, { onDelete: 'RESTRICT', onUpdate: 'NO ACTION', nullable: true })
  @JoinColumn({ name: 'competitor_id' })
  competitor: Relation<Competitor> | null;

  /** Intention enrolledElsewhere only: why (table lostReason). */
  @CodeColumn(LostReason, { nullable: true })
  lostReason: number | null;

  /** Intention enrolledElsewhere only: the price the competitor offered, integer fen. */
  @Column({ type: 'integer', nullable: true })
  offeredPrice: number | null;
}
