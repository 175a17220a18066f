import { Body, Controller, Delete, Get, HttpCode, Param, ParseIntPipe, Patch, Post, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { CurrentActor, RequirePermission } from '../common/auth/access.decorators.js';
import type { Actor } from '../common/auth/actor.js';
import { ApiPage } from '../common/list/api-page.js';
import { ListQuery } from '../common/list/list-query.js';
import type { Page } from '../common/list/paginate.js';
import { ContactsService } from './contacts.service.js';
import { ContactDto, CreateContactDto, UpdateContactDto } from './dto/contact.dto.js';

/** A customer's contacts; scope follows the customer. */
@ApiTags('customers')
@Controller('customers/:customerId/contacts')
export class ContactsController {
  constructor(private readonly contacts: ContactsService) {}

  @RequirePermission('customers.read', "List a customer's contacts")
  @Get()
  @ApiPage(ContactDto)
  list(
    @Param('customerId', ParseIntPipe) customerId: number,
    @Query() query: ListQuery,
    @CurrentActor() actor: Actor,
  ): Promise<Page<ContactDto>> {
    return this.contacts.list(customerId, query, actor);
  }

  @RequirePermission('customers.read', 'Read a contact')
  @Get(':id')
  get(
    @Param('customerId', ParseIntPipe) customerId: number,
    @Param('id', ParseIntPipe) id: number,
    @CurrentActor() actor: Actor,
  ): Promise<ContactDto> {
    return this.contacts.get(customerId, id, actor);
  }

  @RequirePermission('customers.write', 'Add a contact to a customer')
  @Post()
  create(
    @Param('customerId', ParseIntPipe) customerId: number,
    @Body() dto: CreateContactDto,
    @CurrentActor() actor: Actor,
  ): Promise<ContactDto> {
    return this.contacts.create(customerId, dto, actor);
  }

  @RequirePermission('customers.write', 'Edit a contact (send the version you read)')
  @Patch(':id')
  update(
    @Param('customerId', ParseIntPipe) customerId: number,
    @Param('id', ParseIntPipe) id: number,
    @Body() dto: UpdateContactDto,
    @CurrentActor() actor: Actor,
  ): Promise<ContactDto> {
    return this.contacts.update(customerId, id, dto, actor);
  }

  @RequirePermission('customers.write', 'Delete a contact')
  @Delete(':id')
  @HttpCode(204)
  remove(
    @Param('customerId', ParseIntPipe) customerId: number,
    @Param('id', ParseIntPipe) id: number,
    @CurrentActor() actor: Actor,
  ): Promise<void> {
    return this.contacts.remove(customerId, id, actor);
  }
}
