import { Module } from '@nestjs/common';
import { CustomersModule } from '../../customers/customers.module.js';
import { EnrollmentModule } from '../../enrollment/enrollment.module.js';
import { FeedbackModule } from '../../feedback/feedback.module.js';
import { SalesModule } from '../../sales/sales.module.js';
import { TeachingModule } from '../../teaching/teaching.module.js';
import { CustomerExportController } from './customer-export.controller.js';
import { CustomerExportService } from './customer-export.service.js';
import { EnrollmentExportService } from './enrollment-export.service.js';
import { FeedbackExportService } from './feedback-export.service.js';
import { FollowUpExportService } from './follow-up-export.service.js';
import { ListExportController } from './list-export.controller.js';
import { PaymentExportService } from './payment-export.service.js';
import { StudyRecordExportService } from './study-record-export.service.js';

/**
 * CSV/XLSX exports of lists (issue 7). Part of reports (it sits on top of the modules and reuses their list
 * services' filters); imported by AppModule before the business modules so that `GET /customers/export`,
 * `/followups/export`, `/payments/export`, `/enrollments/export` and `/feedback/export` are matched before
 * their `/:id` routes.
 */
@Module({
  imports: [CustomersModule, SalesModule, EnrollmentModule, FeedbackModule, TeachingModule],
  controllers: [CustomerExportController, ListExportController],
  providers: [
    CustomerExportService,
    FollowUpExportService,
    PaymentExportService,
    EnrollmentExportService,
    FeedbackExportService,
    StudyRecordExportService,
  ],
})
export class ExportModule {}
