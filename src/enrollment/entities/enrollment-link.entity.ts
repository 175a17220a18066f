import { Column, Entity, Index, JoinColumn, ManyToOne, type Relation } from 'typeorm';
import { BaseRecord, TIMESTAMP } from '../../common/entities/base.entity.js';
import { Enrollment } from './enrollment.entity.js';

/**
 * A one-time link that lets the customer read and agree to their enrollment contract without an account.
 * Only the SHA-256 of the token is stored; the token itself is shown once, to the staff member who made it.
 * When used, it keeps what the customer submitted (name and ID number as on their ID card, and their IP).
 */
@Entity('enrollment_link')
export class EnrollmentLink extends BaseRecord {
  @Index('IDX_enrollment_link_enrollment_id')
  @Column({ type: 'integer' })
  enrollmentId: number;

  @ManyToOne(() => Enrollment, { onDelete: 'RESTRICT', onUpdate: 'NO ACTION' })
  @JoinColumn({ name: 'enrollment_id' })
  enrollment: Relation<Enrollment>;

  /** Hex SHA-256 of the token. */
  @Index('UQ_enrollment_link_token_hash', { unique: true })
  @Column({ type: 'varchar', length: 64 })
  tokenHash: string;

  @Column(TIMESTAMP)
  expiresAt: Date;

  @Column({ ...TIMESTAMP, nullable: true })
  usedAt: Date | null;

  /** Name on the customer's ID card, as they typed it when agreeing. */
  @Column({ type: 'varchar', length: 32, nullable: true })
  idName: string | null;

  /** Chinese resident ID number (18 characters), as the customer typed it when agreeing. */
  @Column({ type: 'varchar', length: 18, nullable: true })
  idNumber: string | null;

  @Column({ type: 'varchar', length: 45, nullable: true })
  agreedIp: string | null;
}
