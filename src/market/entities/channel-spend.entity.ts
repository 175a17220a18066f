import { Column, Entity, Index, JoinColumn, ManyToOne, type Relation } from 'typeorm';
import { Staff } from '../../auth/entities/staff.entity.js';
import { CodeColumn } from '../../common/codes/code-column.js';
import { CustomerSource } from '../../common/codes/codes.js';
import { EditableRecord } from '../../common/entities/base.entity.js';

/** Money spent on one customer source (channel) in one month, e.g. a Baidu ads campaign. */
@Entity('channel_spend')
@Index('IDX_channel_spend_month_source', ['month', 'source'])
@Index('IDX_channel_spend_source_month', ['source', 'month'])
export class ChannelSpend extends EditableRecord {
  @CodeColumn(CustomerSource)
  source: number;

  /** The school month the money was spent in: 'YYYY-MM'. */
  @Column({ type: 'varchar', length: 7 })
  month: string;

  /** Integer fen (1/100 CNY). */
  @Column({ type: 'integer' })
  amount: number;

  @Column({ type: 'varchar', length: 100, nullable: true })
  campaign: string | null;

  @Column({ type: 'text', nullable: true })
  memo: string | null;

  /** Who last created or edited it. */
  @Index('IDX_channel_spend_updated_by_id')
  @Column({ type: 'integer' })
  updatedById: number;

  @ManyToOne(() => Staff, { onDelete: 'RESTRICT', onUpdate: 'NO ACTION' })
  @JoinColumn({ name: 'updated_by_id' })
  updatedBy: Relation<Staff>;
}
