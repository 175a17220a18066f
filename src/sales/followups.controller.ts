import { Body, Controller, Delete, Get, HttpCode, Param, ParseIntPipe, Patch, Post, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { CurrentActor, RequirePermission } from '../common/auth/access.decorators.js';
import type { Actor } from '../common/auth/actor.js';
import { ApiPage } from '../common/list/api-page.js';
import type { Page } from '../common/list/paginate.js';
import { DueListService } from './due-list.service.js';
import {
  CreateFollowUpDto,
  CustomerFollowUpListQuery,
  DueFollowUpDto,
  DueListQuery,
  FollowUpDto,
  FollowUpListQuery,
  UpdateFollowUpDto,
} from './dto/follow-up.dto.js';
import { FollowUpsService } from './followups.service.js';

@ApiTags('follow-ups')
@Controller()
export class FollowUpsController {
  constructor(
    private readonly followUps: FollowUpsService,
    private readonly dueList: DueListService,
  ) {}

  @RequirePermission('followups.read', "List a customer's follow-ups")
  @Get('customers/:customerId/followups')
  @ApiPage(FollowUpDto)
  listForCustomer(
    @Param('customerId', ParseIntPipe) customerId: number,
    @Query() query: CustomerFollowUpListQuery,
    @CurrentActor() actor: Actor,
  ): Promise<Page<FollowUpDto>> {
    return this.followUps.listForCustomer(customerId, query, actor);
  }

  @RequirePermission('followups.write', 'Record a follow-up with a customer (you are its consultant)')
  @Post('customers/:customerId/followups')
  create(
    @Param('customerId', ParseIntPipe) customerId: number,
    @Body() dto: CreateFollowUpDto,
    @CurrentActor() actor: Actor,
  ): Promise<FollowUpDto> {
    return this.followUps.create(customerId, dto, actor);
  }

  @RequirePermission('followups.read', 'List follow-ups')
  @Get('followups')
  @ApiPage(FollowUpDto)
  list(@Query() query: FollowUpListQuery, @CurrentActor() actor: Actor): Promise<Page<FollowUpDto>> {
    return this.followUps.list(query, actor);
  }

  @RequirePermission('followups.read', 'Your customers due for a follow-up, most overdue first')
  @Get('followups/due')
  @ApiPage(DueFollowUpDto)
  due(@Query() query: DueListQuery, @CurrentActor() actor: Actor): Promise<Page<DueFollowUpDto>> {
    return this.dueList.list(query, actor);
  }

  @RequirePermission('followups.read', 'Read a follow-up')
  @Get('followups/:id')
  get(@Param('id', ParseIntPipe) id: number, @CurrentActor() actor: Actor): Promise<FollowUpDto> {
    return this.followUps.get(id, actor);
  }

  @RequirePermission('followups.write', "Edit a follow-up (your own; anyone's with followups.manage)")
  @Patch('followups/:id')
  update(
    @Param('id', ParseIntPipe) id: number,
    @Body() dto: UpdateFollowUpDto,
    @CurrentActor() actor: Actor,
  ): Promise<FollowUpDto> {
    return this.followUps.update(id, dto, actor);
  }

  @RequirePermission('followups.write', "Delete a follow-up (your own; anyone's with followups.manage)")
  @Delete('followups/:id')
  @HttpCode(204)
  remove(@Param('id', ParseIntPipe) id: number, @CurrentActor() actor: Actor): Promise<void> {
    return this.followUps.remove(id, actor);
  }
}
