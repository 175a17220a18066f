import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * Failed sign-ins counted in a fixed window per account or client address,
 * kept in the database so that every instance of the service counts the same failures (src/auth/login-throttle.ts).
 */
@Entity('login_failure')
export class LoginFailure {
  /** `u:<username>` or `ip:<address>` */
  @PrimaryColumn({ type: 'varchar', length: 191 })
  subject: string;

  @Column({ type: 'integer' })
  failures: number;

  /** When the window ends, in milliseconds since the epoch (a number: the same on every database and clock zone). */
  @Index('IDX_login_failure_reset_at')
  @Column({ type: 'bigint' })
  resetAtMs: string;
}
