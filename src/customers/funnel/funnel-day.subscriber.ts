import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type {
  DataSource,
  EntitySubscriberInterface,
  InsertEvent,
  RecoverEvent,
  RemoveEvent,
  SoftRemoveEvent,
  UpdateEvent,
} from 'typeorm';
import { Customer } from '../entities/customer.entity.js';
import { tallyCustomerChange, type FunnelFacts } from './funnel-days.js';

/**
 * Keeps customer_funnel_day right for every customer written through TypeORM's entity persistence (save,
 * softRemove, recover, remove), in the writer's transaction, whoever writes: the customer service, the import,
 * the back office, enrollment settlement. Bookkeeping written with a query builder (the follow-up service's
 * latest follow-up) and enrollment approvals call funnel-days.ts themselves.
 */
@Injectable()
export class FunnelDaySubscriber implements EntitySubscriberInterface<Customer> {
  constructor(@InjectDataSource() dataSource: DataSource) {
    dataSource.subscribers.push(this);
  }

  listenTo() {
    return Customer;
  }

  async afterInsert(event: InsertEvent<Customer>): Promise<void> {
    const customer = await this.withCreatedAt(event.manager, event.entity);
    await tallyCustomerChange(event.manager, null, customer, { hasApprovedEnrollment: false }); // none yet
  }

  async afterUpdate(event: UpdateEvent<Customer>): Promise<void> {
    const before = event.databaseEntity;
    if (!event.entity || !before) return; // a query-builder update: its writer tallies it
    await tallyCustomerChange(event.manager, before, { ...before, ...event.entity } as FunnelFacts);
  }

  async afterSoftRemove(event: SoftRemoveEvent<Customer>): Promise<void> {
    const customer = event.databaseEntity ?? event.entity;
    if (customer) await tallyCustomerChange(event.manager, { ...customer, deletedAt: null }, null);
  }

  async afterRecover(event: RecoverEvent<Customer>): Promise<void> {
    const customer = event.entity ?? event.databaseEntity;
    if (customer) await tallyCustomerChange(event.manager, null, { ...customer, deletedAt: null } as FunnelFacts);
  }

  async afterRemove(event: RemoveEvent<Customer>): Promise<void> {
    const customer = event.databaseEntity;
    if (customer) await tallyCustomerChange(event.manager, { ...customer, id: customer.id ?? event.entityId }, null);
  }

  /**
   * The inserted customer with the createdAt the database gave it, if the entity does not carry it (TypeORM
   * reads generated columns back after an insert, so it normally does).
   */
  private async withCreatedAt(manager: InsertEvent<Customer>['manager'], customer: Customer): Promise<FunnelFacts> {
    if (customer.createdAt) return customer;
    if (customer.id === undefined) return { ...customer, createdAt: new Date() }; // inserted just now
    const stored = await manager
      .getRepository(Customer)
      .findOneOrFail({ where: { id: customer.id }, select: { id: true, createdAt: true }, withDeleted: true });
    return { ...customer, createdAt: stored.createdAt };
  }
}
