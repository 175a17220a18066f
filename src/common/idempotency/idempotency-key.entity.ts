import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { TIMESTAMP } from '../entities/base.entity.js';

/**
 * One `Idempotency-Key` a staff member sent to one route, and the answer it got. A row without a status is a
 * request still running. The unique index is what lets exactly one of several concurrent requests with the
 * same key run its handler, on every instance of the app.
 */
@Entity('idempotency_key')
@Index('UQ_idempotency_key_staff_route_key', ['staffId', 'route', 'keyHash'], { unique: true })
export class IdempotencyKey {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id: number;

  /** The staff member who sent the key: keys are scoped per staff member. */
  @Column({ type: 'integer' })
  staffId: number;

  /** Method and route template, e.g. `POST /api/v1/enrollments/:id/approve`. */
  @Column({ type: 'varchar', length: 200 })
  route: string;

  /** SHA-256 (hex) of the key: case-sensitive under any collation, and no client text stored. */
  @Column({ type: 'varchar', length: 64 })
  keyHash: string;

  /** SHA-256 (hex) of the canonical request (path parameters, query and body). */
  @Column({ type: 'varchar', length: 64 })
  fingerprint: string;

  /** The answer's HTTP status; null while the first request runs. */
  @Column({ type: 'integer', nullable: true })
  responseStatus: number | null;

  @Column({ type: 'json', nullable: true })
  responseBody: object | null;

  /** Keys expire a fixed time after they were first used (IDEMPOTENCY_KEY_TTL_MS). */
  @Index('IDX_idempotency_key_created_at')
  @CreateDateColumn(TIMESTAMP)
  createdAt: Date;
}
