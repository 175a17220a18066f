import {
  applyDecorators,
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  Param,
  ParseIntPipe,
  Patch,
  Post,
  Query,
} from '@nestjs/common';
import { ApiExtraModels, ApiOkResponse, ApiTags, getSchemaPath } from '@nestjs/swagger';
import { CurrentActor, RequirePermission } from '../common/auth/access.decorators.js';
import type { Actor } from '../common/auth/actor.js';
import {
  AssignFeedbackDto,
  ChangeFeedbackStatusDto,
  CreateFeedbackDto,
  CreateFeedbackReplyDto,
  CustomerFeedbackQuery,
  FeedbackListQuery,
  RecordSatisfactionDto,
  UpdateFeedbackDto,
} from './dto/feedback.dto.js';
import {
  FeedbackDetailDto,
  FeedbackDto,
  FeedbackEntryDto,
  type FeedbackPage,
  FeedbackPageMetaDto,
} from './dto/feedback-view.dto.js';
import { FeedbackWorkflowService } from './feedback-workflow.service.js';
import { FeedbackService } from './feedback.service.js';

/** Documents `{ data: FeedbackDto[], meta: { page, pageSize, total, countsByStatus } }`. */
const ApiFeedbackPage = () =>
  applyDecorators(
    ApiExtraModels(FeedbackDto, FeedbackPageMetaDto),
    ApiOkResponse({
      schema: {
        type: 'object',
        required: ['data', 'meta'],
        properties: {
          data: { type: 'array', items: { $ref: getSchemaPath(FeedbackDto) } },
          meta: { $ref: getSchemaPath(FeedbackPageMetaDto) },
        },
      },
    }),
  );

@ApiTags('feedback')
@Controller()
export class FeedbackController {
  constructor(
    private readonly feedback: FeedbackService,
    private readonly workflow: FeedbackWorkflowService,
  ) {}

  @RequirePermission('feedback.write', 'Record a customer feedback ticket (status open)')
  @Post('feedback')
  create(@Body() dto: CreateFeedbackDto, @CurrentActor() actor: Actor): Promise<FeedbackDto> {
    return this.feedback.create(dto, actor);
  }

  @RequirePermission(
    'feedback.read',
    'List feedback tickets you may see, with counts by status (all of them with feedback.read_all)',
  )
  @Get('feedback')
  @ApiFeedbackPage()
  list(@Query() query: FeedbackListQuery, @CurrentActor() actor: Actor): Promise<FeedbackPage> {
    return this.feedback.list(query, actor);
  }

  @RequirePermission('feedback.read', 'Read a feedback ticket with its timeline (replies, notes, events)')
  @Get('feedback/:id')
  get(@Param('id', ParseIntPipe) id: number, @CurrentActor() actor: Actor): Promise<FeedbackDetailDto> {
    return this.feedback.get(id, actor);
  }

  @RequirePermission('feedback.write', "Edit a ticket's title, content, type, channel or priority")
  @Patch('feedback/:id')
  update(
    @Param('id', ParseIntPipe) id: number,
    @Body() dto: UpdateFeedbackDto,
    @CurrentActor() actor: Actor,
  ): Promise<FeedbackDto> {
    return this.feedback.update(id, dto, actor);
  }

  @RequirePermission('feedback.manage', 'Assign a ticket to a staff member who may work feedback, or unassign it')
  @Post('feedback/:id/assign')
  @HttpCode(200)
  assign(
    @Param('id', ParseIntPipe) id: number,
    @Body() dto: AssignFeedbackDto,
    @CurrentActor() actor: Actor,
  ): Promise<FeedbackDto> {
    return this.workflow.assign(id, dto, actor);
  }

  @RequirePermission(
    'feedback.write',
    'Change the status: start, resolve (with a resolution), close (feedback.manage or the assignee) or reopen',
  )
  @Post('feedback/:id/status')
  @HttpCode(200)
  changeStatus(
    @Param('id', ParseIntPipe) id: number,
    @Body() dto: ChangeFeedbackStatusDto,
    @CurrentActor() actor: Actor,
  ): Promise<FeedbackDto> {
    return this.workflow.changeStatus(id, dto, actor);
  }

  @RequirePermission('feedback.write', 'Add an internal note or a reply to the customer')
  @Post('feedback/:id/replies')
  reply(
    @Param('id', ParseIntPipe) id: number,
    @Body() dto: CreateFeedbackReplyDto,
    @CurrentActor() actor: Actor,
  ): Promise<FeedbackEntryDto> {
    return this.workflow.reply(id, dto, actor);
  }

  @RequirePermission('feedback.write', "Record the customer's satisfaction (after resolution)")
  @Post('feedback/:id/satisfaction')
  @HttpCode(200)
  recordSatisfaction(
    @Param('id', ParseIntPipe) id: number,
    @Body() dto: RecordSatisfactionDto,
    @CurrentActor() actor: Actor,
  ): Promise<FeedbackDto> {
    return this.workflow.recordSatisfaction(id, dto, actor);
  }

  @RequirePermission('feedback.manage', 'Delete a ticket recorded by mistake (open, without replies)')
  @Delete('feedback/:id')
  @HttpCode(204)
  remove(@Param('id', ParseIntPipe) id: number, @CurrentActor() actor: Actor): Promise<void> {
    return this.feedback.remove(id, actor);
  }

  @RequirePermission('feedback.read', "A customer's feedback tickets (the customer overview)")
  @Get('customers/:id/feedback')
  @ApiFeedbackPage()
  listForCustomer(
    @Param('id', ParseIntPipe) id: number,
    @Query() query: CustomerFeedbackQuery,
    @CurrentActor() actor: Actor,
  ): Promise<FeedbackPage> {
    return this.feedback.listForCustomer(id, query, actor);
  }
}
