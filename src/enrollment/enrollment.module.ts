import { Module } from '@nestjs/common';
import { EnrollmentLinksController } from './enrollment-links.controller.js';
import { EnrollmentLinksService } from './enrollment-links.service.js';
import { CustomerEnrollmentsController, EnrollmentsController } from './enrollments.controller.js';
import { EnrollmentsService } from './enrollments.service.js';

/**
 * Enrollments and their contract workflow, the customer's one-time agreement link, and the lesson balance.
 * Other modules settle payments through `settleEnrollment` (enrollment-settlement.ts).
 */
@Module({
  controllers: [EnrollmentsController, CustomerEnrollmentsController, EnrollmentLinksController],
  providers: [EnrollmentsService, EnrollmentLinksService],
  exports: [EnrollmentsService],
})
export class EnrollmentModule {}
