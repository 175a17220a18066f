import { Column, Entity, Index } from 'typeorm';
import { BaseRecord } from '../../common/entities/base.entity.js';

/** A navigation entry (the seed's Menu: name and url_name); roles grant menus. */
@Entity('menu')
export class Menu extends BaseRecord {
  @Column({ type: 'varchar', length: 32 })
  name: string;

  @Column({ type: 'varchar', length: 32 })
  nameZh: string;

  @Index('UQ_menu_url_name', { unique: true })
  @Column({ type: 'varchar', length: 64 })
  urlName: string;

  @Column({ type: 'integer', default: 0 })
  sortOrder: number;
}
