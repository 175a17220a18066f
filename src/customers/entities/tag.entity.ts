import { Column, Entity, Index } from 'typeorm';
import { BaseRecord } from '../../common/entities/base.entity.js';

/** A customer tag (the seed's Tag). */
@Entity('tag')
export class Tag extends BaseRecord {
  @Index('UQ_tag_name', { unique: true })
  @Column({ type: 'varchar', length: 32 })
  name: string;
}
