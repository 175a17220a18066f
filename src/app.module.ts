import { DynamicModule, Module, Type } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import type { Request } from 'express';
import { ClsModule } from 'nestjs-cls';
import { DataSource } from 'typeorm';
import { LoggerModule } from 'nestjs-pino';
import { AdminModule } from './admin/admin.module.js';
import { AuthModule } from './auth/auth.module.js';
import { CommonModule } from './common/common.module.js';
import { CustomersModule } from './customers/customers.module.js';
import { AppConfig } from './config/app-config.js';
import { ConfigModule } from './config/config.module.js';
import { DatabaseModule } from './database/database.module.js';
import { buildDataSourceOptions } from './database/data-source-options.js';
import { serialiseSqliteAccess } from './database/sqlite-serial.js';
import { routeReadsByRequest } from './database/read-replicas.js';
import { EnrollmentModule } from './enrollment/enrollment.module.js';
import { FeedbackModule } from './feedback/feedback.module.js';
import { HealthModule } from './health/health.module.js';
import { MarketModule } from './market/market.module.js';
import { ExportModule } from './reports/export/export.module.js';
import { PrintModule } from './reports/print/print.module.js';
import { ReportsModule } from './reports/reports.module.js';
import { SalesModule } from './sales/sales.module.js';
import { TeachingModule } from './teaching/teaching.module.js';

@Module({})
export class AppModule {
  /** `extraModules`: only for tests that need a route of their own (e.g. deny by default). */
  static forRoot(config: AppConfig, extraModules: Type[] = []): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config),
        ClsModule.forRoot({
          global: true,
          middleware: { mount: true, generateId: true, idGenerator: (req: Request & { id?: string }) => req.id ?? '' },
        }),
        LoggerModule.forRoot({
          pinoHttp: {
            level: config.logLevel,
            genReqId: (req) => (req as Request & { id?: string }).id ?? '',
            redact: ['req.headers.authorization', 'req.headers.cookie', 'res.headers["set-cookie"]'],
            autoLogging: { ignore: (req) => req.url === '/health' },
          },
        }),
        TypeOrmModule.forRootAsync({
          useFactory: () => ({ ...buildDataSourceOptions(config.database), migrationsRun: true }),
          dataSourceFactory: async (options) => {
            const dataSource = await new DataSource(options!).initialize();
            serialiseSqliteAccess(dataSource);
            routeReadsByRequest(dataSource);
            return dataSource;
          },
        }),
        CommonModule,
        DatabaseModule,
        HealthModule,
        AuthModule,
        ExportModule, // before CustomersModule: its /customers/export must match before /customers/:id
        CustomersModule,
        EnrollmentModule,
        FeedbackModule,
        SalesModule,
        TeachingModule,
        MarketModule,
        ReportsModule,
        PrintModule,
        AdminModule,
        ...extraModules,
      ],
    };
  }
}
