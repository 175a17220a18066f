import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { TIMESTAMP } from '../entities/base.entity.js';

export type AuditAction = 'create' | 'update' | 'delete' | 'soft-delete' | 'restore';

/** One write to one record: who, when, which record, which fields from what to what. */
@Entity('audit_log')
@Index('IDX_audit_log_entity', ['entity', 'entityId'])
export class AuditLog {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id: number;

  @Index('IDX_audit_log_created_at')
  @CreateDateColumn(TIMESTAMP)
  createdAt: Date;

  /** Staff id of the actor; null for the system (start-up, seeds, migrations). */
  @Index('IDX_audit_log_actor')
  @Column({ type: 'integer', nullable: true })
  actorId: number | null;

  @Column({ type: 'varchar', length: 16 })
  action: AuditAction;

  /** Table name of the record. */
  @Column({ type: 'varchar', length: 64 })
  entity: string;

  @Column({ type: 'varchar', length: 64 })
  entityId: string;

  /** `{ field: [from, to] }`; secrets are masked. */
  @Column({ type: 'simple-json', nullable: true })
  changes: Record<string, [unknown, unknown]> | null;

  @Column({ type: 'varchar', length: 64, nullable: true })
  requestId: string | null;
}
