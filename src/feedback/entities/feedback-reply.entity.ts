import { Column, Entity, Index, JoinColumn, ManyToOne, type Relation } from 'typeorm';
import { Staff } from '../../auth/entities/staff.entity.js';
import { CodeColumn } from '../../common/codes/code-column.js';
import { FeedbackReplyKind } from '../../common/codes/codes.js';
import { BaseRecord } from '../../common/entities/base.entity.js';
import { Feedback } from './feedback.entity.js';

/** One entry on a feedback's timeline: a reply or note, or an event such as a status change. */
@Entity('feedback_reply')
export class FeedbackReply extends BaseRecord {
  @Index('IDX_feedback_reply_feedback_id')
  @Column({ type: 'integer' })
  feedbackId: number;

  @ManyToOne(() => Feedback, { onDelete: 'CASCADE', onUpdate: 'NO ACTION' })
  @JoinColumn({ name: 'feedback_id' })
  feedback: Relation<Feedback>;

  @Index('IDX_feedback_reply_author_id')
  @Column({ type: 'integer' })
  authorId: number;

  @ManyToOne(() => Staff, { onDelete: 'RESTRICT', onUpdate: 'NO ACTION' })
  @JoinColumn({ name: 'author_id' })
  author: Relation<Staff>;

  @CodeColumn(FeedbackReplyKind)
  kind: number;

  @Column({ type: 'text' })
  content: string;

  /** Set on timeline events ('status', 'assign', …); null on plain replies. */
  @Column({ type: 'varchar', length: 32, nullable: true })
  event: string | null;

  /** The event's details, e.g. `{ from, to }` for a status change. */
  @Column({ type: 'simple-json', nullable: true })
  details: Record<string, unknown> | null;
}
