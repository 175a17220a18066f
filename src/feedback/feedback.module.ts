import { Module } from '@nestjs/common';
import { FeedbackController } from './feedback.controller.js';
import { FeedbackWorkflowService } from './feedback-workflow.service.js';
import { FeedbackService } from './feedback.service.js';

/** Service feedback tickets: workflow, assignment, replies, satisfaction and response targets. */
@Module({
  controllers: [FeedbackController],
  providers: [FeedbackService, FeedbackWorkflowService],
  exports: [FeedbackService],
})
export class FeedbackModule {}
