import { Module } from '@nestjs/common';
import { CustomersModule } from '../../customers/customers.module.js';
import { ReportsModule } from '../reports.module.js';
import { CustomerProfileController } from './customer-profile.controller.js';
import { CustomerProfileService } from './customer-profile.service.js';
import { ReportExportController } from './report-export.controller.js';
import { ReportPrintService } from './report-print.service.js';

/**
 * Printing and report downloads (issue 7): every report as CSV, XLSX or PDF, and the customer profile as PDF.
 */
@Module({
  imports: [ReportsModule, CustomersModule],
  controllers: [ReportExportController, CustomerProfileController],
  providers: [ReportPrintService, CustomerProfileService],
})
export class PrintModule {}
