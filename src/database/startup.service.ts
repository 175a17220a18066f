import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { ensureBuiltinRoles, ensureFirstAdmin } from '../auth/bootstrap.js';
import { AppConfig } from '../config/app-config.js';
import { seedDemoData } from './seeds/demo-data.js';

/** After migrations (run when the DataSource connects): built-in roles, the first admin, and demo data if asked. */
@Injectable()
export class StartupService implements OnApplicationBootstrap {
  private readonly logger = new Logger('Startup');
  /** Set when the first admin was created with a generated password; main.ts prints it once. */
  generatedAdminPassword?: string;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly config: AppConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await ensureBuiltinRoles(this.dataSource);
    const admin = await ensureFirstAdmin(this.dataSource, this.config.adminPassword);
    if (admin.created) this.logger.log('Created the first staff account: admin');
    this.generatedAdminPassword = admin.generatedPassword;
    if (this.config.demoData) {
      const summary = await seedDemoData(this.dataSource);
      if (summary) this.logger.log({ summary }, 'Loaded the demo dataset');
    }
  }
}
