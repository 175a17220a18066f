import { Body, Controller, Get, HttpCode, Param, ParseIntPipe, Post, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { CurrentActor, RequirePermission } from '../common/auth/access.decorators.js';
import type { Actor } from '../common/auth/actor.js';
import { Idempotent } from '../common/idempotency/idempotent.decorator.js';
import { ApiPage } from '../common/list/api-page.js';
import type { Page } from '../common/list/paginate.js';
import { EnrollmentLinkDto } from './dto/enrollment-link.dto.js';
import {
  CancelEnrollmentDto,
  CreateEnrollmentDto,
  CustomerEnrollmentListQuery,
  EnrollmentDetailDto,
  EnrollmentDto,
  EnrollmentListQuery,
  EnrollmentStepDto,
  RejectEnrollmentDto,
} from './dto/enrollment.dto.js';
import { EnrollmentLinksService } from './enrollment-links.service.js';
import { EnrollmentsService } from './enrollments.service.js';

@ApiTags('enrollments')
@Controller('enrollments')
export class EnrollmentsController {
  constructor(
    private readonly enrollments: EnrollmentsService,
    private readonly links: EnrollmentLinksService,
  ) {}

  @RequirePermission('enrollments.read', 'List enrollments with their lesson balance')
  @Get()
  @ApiPage(EnrollmentDto)
  list(@Query() query: EnrollmentListQuery, @CurrentActor() actor: Actor): Promise<Page<EnrollmentDto>> {
    return this.enrollments.list(query, actor);
  }

  @RequirePermission('enrollments.read', 'Read an enrollment and its contract')
  @Get(':id')
  get(@Param('id', ParseIntPipe) id: number, @CurrentActor() actor: Actor): Promise<EnrollmentDetailDto> {
    return this.enrollments.get(id, actor);
  }

  @RequirePermission('enrollments.write', "Enroll a customer in a class (copies the course's contract and price)")
  @Post()
  @Idempotent()
  create(@Body() dto: CreateEnrollmentDto, @CurrentActor() actor: Actor): Promise<EnrollmentDetailDto> {
    return this.enrollments.create(dto, actor);
  }

  @RequirePermission('enrollments.write', 'Record that the customer agreed to the contract (pending → agreed)')
  @Post(':id/agree')
  @HttpCode(200)
  agree(
    @Param('id', ParseIntPipe) id: number,
    @Body() dto: EnrollmentStepDto,
    @CurrentActor() actor: Actor,
  ): Promise<EnrollmentDetailDto> {
    return this.enrollments.agree(id, dto, actor);
  }

  @RequirePermission('enrollments.approve', 'Approve the contract (agreed → approved); enrolls the customer once paid')
  @Post(':id/approve')
  @Idempotent()
  @HttpCode(200)
  approve(
    @Param('id', ParseIntPipe) id: number,
    @Body() dto: EnrollmentStepDto,
    @CurrentActor() actor: Actor,
  ): Promise<EnrollmentDetailDto> {
    return this.enrollments.approve(id, dto, actor);
  }

  @RequirePermission('enrollments.approve', 'Reject the contract with a reason (agreed → rejected)')
  @Post(':id/reject')
  @HttpCode(200)
  reject(
    @Param('id', ParseIntPipe) id: number,
    @Body() dto: RejectEnrollmentDto,
    @CurrentActor() actor: Actor,
  ): Promise<EnrollmentDetailDto> {
    return this.enrollments.reject(id, dto, actor);
  }

  @RequirePermission('enrollments.write', 'Cancel a pending or agreed enrollment')
  @Post(':id/cancel')
  @HttpCode(200)
  cancel(
    @Param('id', ParseIntPipe) id: number,
    @Body() dto: CancelEnrollmentDto,
    @CurrentActor() actor: Actor,
  ): Promise<EnrollmentDetailDto> {
    return this.enrollments.cancel(id, dto, actor);
  }

  @RequirePermission(
    'enrollments.write',
    "Make the customer's one-time link to read and agree to the contract (pending only; shown once)",
  )
  @Post(':id/link')
  link(@Param('id', ParseIntPipe) id: number, @CurrentActor() actor: Actor): Promise<EnrollmentLinkDto> {
    return this.links.create(id, actor);
  }
}

@ApiTags('enrollments')
@Controller('customers')
export class CustomerEnrollmentsController {
  constructor(private readonly enrollments: EnrollmentsService) {}

  @RequirePermission('enrollments.read', "List a customer's enrollments")
  @Get(':id/enrollments')
  @ApiPage(EnrollmentDto)
  list(
    @Param('id', ParseIntPipe) id: number,
    @Query() query: CustomerEnrollmentListQuery,
    @CurrentActor() actor: Actor,
  ): Promise<Page<EnrollmentDto>> {
    return this.enrollments.listForCustomer(id, query, actor);
  }
}
