import { Column, Entity, Index, JoinColumn, ManyToOne, type Relation } from 'typeorm';
import { BaseRecord, TIMESTAMP } from '../../common/entities/base.entity.js';
import { Staff } from './staff.entity.js';

/**
 * A refresh token, stored as its SHA-256 hash. Tokens issued from one login share a family;
 * presenting a token that was already used revokes the whole family.
 */
@Entity('refresh_token')
export class RefreshToken extends BaseRecord {
  @Index('UQ_refresh_token_hash', { unique: true })
  @Column({ type: 'varchar', length: 64 })
  tokenHash: string;

  @Index('IDX_refresh_token_family')
  @Column({ type: 'varchar', length: 36 })
  familyId: string;

  @Index('IDX_refresh_token_staff')
  @Column({ type: 'integer' })
  staffId: number;

  @ManyToOne(() => Staff, { onDelete: 'CASCADE', onUpdate: 'NO ACTION' })
  @JoinColumn({ name: 'staff_id' })
  staff: Relation<Staff>;

  @Column(TIMESTAMP)
  expiresAt: Date;

  @Column({ ...TIMESTAMP, nullable: true })
  usedAt: Date | null;

  @Column({ ...TIMESTAMP, nullable: true })
  revokedAt: Date | null;
}
