import { Column, Entity, Index, JoinTable, ManyToMany, type Relation } from 'typeorm';
import { EditableRecord, TIMESTAMP } from '../../common/entities/base.entity.js';
import { Role } from './role.entity.js';

/** A staff account: the seed's UserProfile and Django auth user as one entity. */
@Entity('staff')
export class Staff extends EditableRecord {
  @Index('UQ_staff_username', { unique: true })
  @Column({ type: 'varchar', length: 64 })
  username: string;

  @Column({ type: 'varchar', length: 32 })
  name: string;

  @Column({ type: 'varchar', length: 128, nullable: true })
  email: string | null;

  @Column({ type: 'varchar', length: 32, nullable: true })
  phone: string | null;

  /** argon2id hash; never serialised. */
  @Column({ type: 'varchar', length: 255, select: false })
  passwordHash: string;

  @Index('IDX_staff_is_active')
  @Column({ type: 'boolean', default: true })
  isActive: boolean;

  /** Set when the password must be changed at next login (generated first-admin password, resets). */
  @Column({ type: 'boolean', default: false })
  mustChangePassword: boolean;

  @Column({ ...TIMESTAMP, nullable: true })
  lastLoginAt: Date | null;

  @ManyToMany(() => Role, { cascade: false })
  @JoinTable({
    name: 'staff_roles',
    joinColumn: { name: 'staff_id', referencedColumnName: 'id' },
    inverseJoinColumn: { name: 'role_id', referencedColumnName: 'id' },
  })
  roles: Relation<Role>[];
}
