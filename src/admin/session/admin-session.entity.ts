import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { TIMESTAMP } from '../../common/entities/base.entity.js';

/** A back-office sign-in (express-session data), kept in the application's database so every instance sees it. */
@Entity('admin_session')
export class AdminSession {
  @PrimaryColumn({ type: 'varchar', length: 128 })
  sid: string;

  /** The session as JSON: who is signed in (see admin/current-admin.ts) and the cookie settings. */
  @Column({ type: 'text' })
  data: string;

  @Index('IDX_admin_session_expires_at')
  @Column(TIMESTAMP)
  expiresAt: Date;
}
