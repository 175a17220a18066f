import { HttpStatus, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { Actor } from '../common/auth/actor.js';
import { ContactRelation } from '../common/codes/codes.js';
import { loadForUpdate } from '../common/entities/load-for-update.js';
import { ApiProblem } from '../common/errors/problem.js';
import type { ListQuery } from '../common/list/list-query.js';
import { paginate, type Page } from '../common/list/paginate.js';
import { findVisibleCustomer, scopeToActor } from './customer-scope.js';
import type { ContactDto, ContactListQuery, CreateContactDto, UpdateContactDto } from './dto/contact.dto.js';
import { Contact } from './entities/contact.entity.js';

export function toContactDto(contact: Contact): ContactDto {
  const { id, customerId, name, relation, phone, wechat, qq, email, memo, version, createdAt, updatedAt } = contact;
  return { id, customerId, name, relation, phone, wechat, qq, email, memo, version, createdAt, updatedAt };
}

export const CONTACT_LIST = {
  sortable: { name: 'ct.name', createdAt: 'ct.createdAt' },
  defaultSort: 'createdAt',
  search: ['ct.name', 'ct.phone'],
};

/** A customer's contacts; who may see or change them follows the customer (another's answers 404). */
@Injectable()
export class ContactsService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async list(customerId: number, query: ListQuery, actor: Actor): Promise<Page<ContactDto>> {
    await findVisibleCustomer(this.dataSource.manager, actor, customerId);
    const qb = this.dataSource
      .getRepository(Contact)
      .createQueryBuilder('ct')
      .where('ct.customerId = :customerId', { customerId });
    const page = await paginate(qb, query, CONTACT_LIST);
    return { data: page.data.map(toContactDto), meta: page.meta };
  }

  /** Contacts of every live customer the actor may see (or of `customerId`'s), for the back office's list. */
  async search(query: ContactListQuery, actor: Actor): Promise<Page<ContactDto>> {
    const qb = this.dataSource.getRepository(Contact).createQueryBuilder('ct').innerJoin('ct.customer', 'c');
    scopeToActor(qb, actor, 'c');
    if (query.customerId !== undefined) qb.andWhere('ct.customerId = :customerId', { customerId: query.customerId });
    const page = await paginate(qb, query, CONTACT_LIST);
    return { data: page.data.map(toContactDto), meta: page.meta };
  }

  /** A contact by its own id, when its customer is one the actor may see (404 otherwise, naming only the contact). */
  async find(id: number, actor: Actor): Promise<ContactDto> {
    const contact = await this.dataSource.getRepository(Contact).findOneBy({ id });
    if (contact) {
      try {
        await findVisibleCustomer(this.dataSource.manager, actor, contact.customerId);
        return toContactDto(contact);
      } catch (error) {
        if (!(error instanceof ApiProblem)) throw error;
      }
    }
    throw new ApiProblem(HttpStatus.NOT_FOUND, `Contact ${id} does not exist`);
  }

  async get(customerId: number, id: number, actor: Actor): Promise<ContactDto> {
    await findVisibleCustomer(this.dataSource.manager, actor, customerId);
    const contact = await this.dataSource.getRepository(Contact).findOneBy({ id, customerId });
    if (!contact) throw this.missing(customerId, id);
    return toContactDto(contact);
  }

  create(customerId: number, dto: CreateContactDto, actor: Actor): Promise<ContactDto> {
    return this.dataSource.transaction(async (manager) => {
      await findVisibleCustomer(manager, actor, customerId);
      const contact = manager.create(Contact, {
        customerId,
        name: dto.name,
        relation: dto.relation ?? ContactRelation.defaultCode,
        phone: dto.phone ?? null,
        wechat: dto.wechat ?? null,
        qq: dto.qq ?? null,
        email: dto.email ?? null,
        memo: dto.memo ?? null,
      });
      return toContactDto(await manager.save(contact));
    });
  }

  update(customerId: number, id: number, dto: UpdateContactDto, actor: Actor): Promise<ContactDto> {
    return this.dataSource.transaction(async (manager) => {
      const contact = await this.lock(manager, actor, customerId, id, dto.version);
      const { version: _version, ...sent } = dto;
      for (const [key, value] of Object.entries(sent)) {
        if (value !== undefined) Object.assign(contact, { [key]: value });
      }
      return toContactDto(await manager.save(contact));
    });
  }

  async remove(customerId: number, id: number, actor: Actor): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      await manager.remove(await this.lock(manager, actor, customerId, id));
    });
  }

  /** The contact, locked, when it belongs to a customer the actor may see (404 before any version check). */
  private async lock(
    manager: EntityManager,
    actor: Actor,
    customerId: number,
    id: number,
    expectedVersion?: number,
  ): Promise<Contact> {
    await findVisibleCustomer(manager, actor, customerId);
    if (!(await manager.getRepository(Contact).existsBy({ id, customerId }))) throw this.missing(customerId, id);
    return loadForUpdate(manager, Contact, id, { expectedVersion, label: 'Contact' });
  }

  private missing(customerId: number, id: number): ApiProblem {
    return new ApiProblem(HttpStatus.NOT_FOUND, `Customer ${customerId} has no contact ${id}`);
  }
}
