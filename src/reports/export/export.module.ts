import { Module } from '@nestjs/common';
import { CustomersModule } from '../../customers/customers.module.js';
import { CustomerExportController } from './customer-export.controller.js';
import { CustomerExportService } from './customer-export.service.js';

/**
 * CSV/XLSX exports of lists (issue 7). Part of reports (it sits on top of the modules and reuses their list
 * services' filters); imported by AppModule before CustomersModule so that `GET /customers/export` is matched
 * before `GET /customers/:id`.
 */
@Module({
  imports: [CustomersModule],
  controllers: [CustomerExportController],
  providers: [CustomerExportService],
})
export class ExportModule {}
