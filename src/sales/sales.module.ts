import { Module } from '@nestjs/common';
import { DueListService } from './due-list.service.js';
import { FollowUpsController } from './followups.controller.js';
import { FollowUpsService } from './followups.service.js';
import { PaymentsController } from './payments.controller.js';
import { PaymentsService } from './payments.service.js';

/** Sales: follow-ups with customers (and the due list), payments and refunds. */
@Module({
  controllers: [FollowUpsController, PaymentsController],
  providers: [FollowUpsService, DueListService, PaymentsService],
  exports: [FollowUpsService, PaymentsService],
})
export class SalesModule {}
