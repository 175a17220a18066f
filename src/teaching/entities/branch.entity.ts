import { Column, Entity, Index } from 'typeorm';
import { EditableRecord } from '../../common/entities/base.entity.js';

/** A campus (the seed's Branch). */
@Entity('branch')
export class Branch extends EditableRecord {
  @Index('UQ_branch_name', { unique: true })
  @Column({ type: 'varchar', length: 128 })
  name: string;

  @Column({ type: 'varchar', length: 128 })
  address: string;
}
