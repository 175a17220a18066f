import { Body, Controller, Delete, Get, HttpCode, Param, ParseIntPipe, Patch, Post, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { CurrentActor, RequirePermission } from '../common/auth/access.decorators.js';
import type { Actor } from '../common/auth/actor.js';
import { ApiPage } from '../common/list/api-page.js';
import type { Page } from '../common/list/paginate.js';
import { CustomerListService } from './customer-list.service.js';
import { CustomersService } from './customers.service.js';
import {
  CreateCustomerDto,
  CustomerDto,
  CustomerListQuery,
  CustomerTagsDto,
  DuplicateMatchDto,
  DuplicatesQuery,
  UpdateCustomerDto,
} from './dto/customer.dto.js';
import { CustomerOverviewDto } from './dto/overview.dto.js';
import { OverviewService } from './overview.service.js';

/** Customers: a consultant without customers.read_all sees only their own; another's answers 404. */
@ApiTags('customers')
@Controller('customers')
export class CustomersController {
  constructor(
    private readonly customers: CustomersService,
    private readonly lists: CustomerListService,
    private readonly overviews: OverviewService,
  ) {}

  @RequirePermission('customers.read', 'List customers (filters, `q` prefix search or a C-number, sort)')
  @Get()
  @ApiPage(CustomerDto)
  list(@Query() query: CustomerListQuery, @CurrentActor() actor: Actor): Promise<Page<CustomerDto>> {
    return this.lists.list(query, actor);
  }

  @RequirePermission('customers.read', 'Live customers a new one would duplicate (exact qq or phone, name prefix)')
  @Get('duplicates')
  duplicates(@Query() query: DuplicatesQuery, @CurrentActor() actor: Actor): Promise<DuplicateMatchDto[]> {
    return this.lists.duplicates(query, actor);
  }

  @RequirePermission('customers.read', 'Read a customer')
  @Get(':id')
  get(@Param('id', ParseIntPipe) id: number, @CurrentActor() actor: Actor): Promise<CustomerDto> {
    return this.customers.get(id, actor);
  }

  @RequirePermission(
    'customers.read',
    'A customer with contacts, latest follow-ups, enrollments, payment totals and open feedback',
  )
  @Get(':id/overview')
  overview(@Param('id', ParseIntPipe) id: number, @CurrentActor() actor: Actor): Promise<CustomerOverviewDto> {
    return this.overviews.overview(id, actor);
  }

  @RequirePermission('customers.write', 'Create a customer (409 naming the existing one for a duplicate qq or phone)')
  @Post()
  create(@Body() dto: CreateCustomerDto, @CurrentActor() actor: Actor): Promise<CustomerDto> {
    return this.customers.create(dto, actor);
  }

  @RequirePermission('customers.write', 'Edit a customer (send the version you read)')
  @Patch(':id')
  update(
    @Param('id', ParseIntPipe) id: number,
    @Body() dto: UpdateCustomerDto,
    @CurrentActor() actor: Actor,
  ): Promise<CustomerDto> {
    return this.customers.update(id, dto, actor);
  }

  @RequirePermission('customers.delete', 'Soft-delete a customer (follow-ups, payments and contacts are kept)')
  @Delete(':id')
  @HttpCode(204)
  remove(@Param('id', ParseIntPipe) id: number, @CurrentActor() actor: Actor): Promise<void> {
    return this.customers.remove(id, actor);
  }

  @RequirePermission('customers.delete', 'Restore a soft-deleted customer (409 when a live one now has its phone)')
  @Post(':id/restore')
  @HttpCode(200)
  restore(@Param('id', ParseIntPipe) id: number, @CurrentActor() actor: Actor): Promise<CustomerDto> {
    return this.customers.restore(id, actor);
  }

  @RequirePermission('customers.write', 'Add tags to a customer')
  @Post(':id/tags')
  @HttpCode(200)
  addTags(
    @Param('id', ParseIntPipe) id: number,
    @Body() dto: CustomerTagsDto,
    @CurrentActor() actor: Actor,
  ): Promise<CustomerDto> {
    return this.customers.addTags(id, dto.tagIds, actor);
  }

  @RequirePermission('customers.write', 'Remove a tag from a customer')
  @Delete(':id/tags/:tagId')
  @HttpCode(204)
  removeTag(
    @Param('id', ParseIntPipe) id: number,
    @Param('tagId', ParseIntPipe) tagId: number,
    @CurrentActor() actor: Actor,
  ): Promise<void> {
    return this.customers.removeTag(id, tagId, actor);
  }
}
