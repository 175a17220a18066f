import { Column, Entity, Index, JoinTable, ManyToMany, type Relation } from 'typeorm';
import { EditableRecord } from '../../common/entities/base.entity.js';
import { Menu } from './menu.entity.js';

/** A role holds permissions (code constants, see common/auth/permissions.ts) and menus. */
@Entity('role')
export class Role extends EditableRecord {
  /** Stable identifier (admin, manager, …); built-in roles are found by it. */
  @Index('UQ_role_code', { unique: true })
  @Column({ type: 'varchar', length: 32 })
  code: string;

  @Index('UQ_role_name', { unique: true })
  @Column({ type: 'varchar', length: 32 })
  name: string;

  @Column({ type: 'varchar', length: 255, nullable: true })
  description: string | null;

  /** Built-in roles cannot be deleted (their permissions stay editable). */
  @Column({ type: 'boolean', default: false })
  builtIn: boolean;

  @Column({ type: 'simple-json' })
  permissions: string[];

  @ManyToMany(() => Menu)
  @JoinTable({
    name: 'role_menus',
    joinColumn: { name: 'role_id', referencedColumnName: 'id' },
    inverseJoinColumn: { name: 'menu_id', referencedColumnName: 'id' },
  })
  menus: Relation<Menu>[];
}
