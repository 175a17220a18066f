import { HttpStatus, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { Actor } from '../common/auth/actor.js';
import { loadForUpdate, saveEdit } from '../common/entities/load-for-update.js';
import { ApiProblem } from '../common/errors/problem.js';
import { findVisibleCustomer } from './customer-scope.js';
import { loadCustomerDto } from './customer-view.js';
import {
  assertActiveConsultant,
  assertCourseExists,
  assertMayAssign,
  assertNoDuplicates,
  assertPhoneFreeForRestore,
  assertReachable,
  findTags,
  newCustomerValues,
} from './customer-rules.js';
import type { CreateCustomerDto, CustomerDto, UpdateCustomerDto } from './dto/customer.dto.js';
import { Customer } from './entities/customer.entity.js';
import { Tag } from './entities/tag.entity.js';

/** Reading and writing one customer: create, read, update, soft delete, restore, add and remove tags. */
@Injectable()
export class CustomersService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** `withDeleted`: a soft-deleted customer too (needs customers.delete, as listing them does). */
  async get(id: number, actor: Actor, options: { withDeleted?: boolean } = {}): Promise<CustomerDto> {
    const withDeleted = !!options.withDeleted;
    if (withDeleted && !actor.can('customers.delete')) {
      throw new ApiProblem(HttpStatus.FORBIDDEN, 'Requires permission customers.delete to read deleted customers');
    }
    return loadCustomerDto(this.dataSource.manager, id, { withDeleted, visibleTo: actor });
  }

  async create(dto: CreateCustomerDto, actor: Actor): Promise<CustomerDto> {
    const values = newCustomerValues(dto, actor);
    return this.dataSource.transaction(async (manager) => {
      await assertActiveConsultant(manager, values.consultantId);
      await assertCourseExists(manager, values.consultCourseId);
      const tags = await findTags(manager, dto.tagIds ?? []);
      await assertNoDuplicates(manager, values);
      const customer = await manager.save(manager.create(Customer, { ...values, tags }));
      return loadCustomerDto(manager, customer.id);
    });
  }

  update(id: number, dto: UpdateCustomerDto, actor: Actor): Promise<CustomerDto> {
    return this.dataSource.transaction(async (manager) => {
      const customer = await this.lock(manager, actor, id, { expectedVersion: dto.version, tags: true });
      const { version: _version, tagIds, ...sent } = dto;
      // DTO instances carry every declared field; only those sent (null included) change anything
      const fields = Object.fromEntries(Object.entries(sent).filter(([, value]) => value !== undefined)) as Omit<
        UpdateCustomerDto,
        'version' | 'tagIds'
      >;
      if (fields.consultantId !== undefined) {
        assertMayAssign(actor, fields.consultantId, customer.consultantId);
        if (fields.consultantId !== customer.consultantId) await assertActiveConsultant(manager, fields.consultantId);
      }
      if (fields.consultCourseId !== undefined && fields.consultCourseId !== customer.consultCourseId) {
        await assertCourseExists(manager, fields.consultCourseId);
      }
      if (tagIds) customer.tags = await findTags(manager, tagIds);
      const changed = {
        qq: fields.qq !== undefined && fields.qq !== customer.qq ? fields.qq : undefined,
        phone: fields.phone !== undefined && fields.phone !== customer.phone ? fields.phone : undefined,
      };
      Object.assign(customer, fields);
      assertReachable(customer);
      await assertNoDuplicates(manager, changed, id);
      await saveEdit(manager, customer);
      return loadCustomerDto(manager, id);
    });
  }

  /** Soft delete: the customer disappears from every read but keeps its follow-ups, payments and contacts. */
  async remove(id: number, actor: Actor): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      const customer = await this.lock(manager, actor, id);
      await manager.softRemove(customer);
    });
  }

  restore(id: number, actor: Actor): Promise<CustomerDto> {
    return this.dataSource.transaction(async (manager) => {
      const customer = await this.lock(manager, actor, id, { withDeleted: true });
      if (!customer.deletedAt) {
        throw new ApiProblem(HttpStatus.CONFLICT, `Customer ${customer.number} is not deleted`);
      }
      await assertPhoneFreeForRestore(manager, customer);
      await manager.recover(customer);
      return loadCustomerDto(manager, id);
    });
  }

  /** Adds tags (those the customer has already stay); an edit of the customer: new version, audited. */
  addTags(id: number, tagIds: number[], actor: Actor): Promise<CustomerDto> {
    return this.dataSource.transaction(async (manager) => {
      const customer = await this.lock(manager, actor, id, { tags: true });
      const added = (await findTags(manager, tagIds)).filter((tag) => !customer.tags.some((t) => t.id === tag.id));
      if (added.length) {
        customer.tags = [...customer.tags, ...added];
        await saveEdit(manager, customer);
      }
      return loadCustomerDto(manager, id);
    });
  }

  /** Removes a tag from the customer; removing one it does not have changes nothing. */
  async removeTag(id: number, tagId: number, actor: Actor): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      const customer = await this.lock(manager, actor, id, { tags: true });
      if (!(await manager.getRepository(Tag).existsBy({ id: tagId }))) {
        throw new ApiProblem(HttpStatus.NOT_FOUND, `Tag ${tagId} does not exist`);
      }
      if (!customer.tags.some((t) => t.id === tagId)) return;
      customer.tags = customer.tags.filter((t) => t.id !== tagId);
      await saveEdit(manager, customer);
    });
  }

  /**
   * The customer, locked for a change, if the actor may see it. The row is locked before any plain read (on
   * MySQL a plain read fixes the transaction's snapshot, so reads after waiting for the lock would miss what the
   * other writer committed), and another consultant's customer answers 404 before any version check, so record
   * scope does not leak through a 409.
   */
  private async lock(
    manager: EntityManager,
    actor: Actor,
    id: number,
    options: { expectedVersion?: number; tags?: boolean; withDeleted?: boolean } = {},
  ): Promise<Customer> {
    const { withDeleted } = options;
    const locked = await loadForUpdate(manager, Customer, id, { withDeleted, label: 'Customer' });
    await findVisibleCustomer(manager, actor, id, { withDeleted });
    if (options.expectedVersion === undefined && !options.tags) return locked;
    return loadForUpdate(manager, Customer, id, {
      expectedVersion: options.expectedVersion,
      relations: options.tags ? { tags: true } : undefined,
      withDeleted,
      label: 'Customer',
    });
  }
}
