import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module.js';
import { BackOffice } from './back-office.js';
import { AdminSessionStore } from './session/admin-session.store.js';

/**
 * The back office (AdminJS at /admin). It sits on top of the business modules and uses their services; no
 * module imports it. createApp mounts BackOffice.handle at /admin.
 */
@Module({
  imports: [AuthModule],
  providers: [BackOffice, AdminSessionStore],
  exports: [BackOffice],
})
export class AdminModule {}
