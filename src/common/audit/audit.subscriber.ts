import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { ClsService } from 'nestjs-cls';
import {
  DataSource,
  EntityManager,
  EntityMetadata,
  EntitySubscriberInterface,
  InsertEvent,
  ObjectLiteral,
  RemoveEvent,
  SoftRemoveEvent,
  RecoverEvent,
  UpdateEvent,
} from 'typeorm';
import type { RequestContext } from '../context/request-context.js';
import { AuditAction, AuditLog } from './audit-log.entity.js';

/** Tables whose writes are not business records: the log itself and token bookkeeping. */
const SKIPPED_TABLES = new Set(['audit_log', 'refresh_token', 'admin_session']);
/** Bookkeeping columns left out of the change list. */
const SKIPPED_COLUMNS = new Set(['createdAt', 'updatedAt', 'version']);
/** Secrets and personal identity numbers are recorded as changed, never with their values. */
const SECRET = /password|token|secret|idNumber/i;

type Changes = Record<string, [unknown, unknown]>;

const plain = (value: unknown): unknown =>
  value instanceof Date ? value.toISOString() : value === undefined ? null : value;

const relationIds = (value: unknown): unknown =>
  Array.isArray(value)
    ? value.map((item: ObjectLiteral) => item?.id ?? item).sort((a, b) => a - b)
    : ((value as ObjectLiteral | null)?.id ?? plain(value));

/**
 * Writes an audit entry for every insert, update, delete, soft delete and restore that goes through
 * TypeORM's entity persistence (save/remove/softRemove/recover), in the writer's transaction, whoever
 * the writer is (API service, back office, seed). The actor comes from the request context.
 */
@Injectable()
export class AuditSubscriber implements EntitySubscriberInterface {
  constructor(
    @InjectDataSource() dataSource: DataSource,
    private readonly cls: ClsService<RequestContext>,
  ) {
    dataSource.subscribers.push(this);
  }

  async afterInsert(event: InsertEvent<ObjectLiteral>): Promise<void> {
    const changes: Changes = {};
    for (const column of this.columns(event.metadata)) {
      const value = column.getEntityValue(event.entity);
      if (value !== undefined && value !== null)
        changes[column.propertyName] = [null, this.mask(column.propertyName, value)];
    }
    await this.write(event.manager, 'create', event.metadata, event.entity, changes);
  }

  async afterUpdate(event: UpdateEvent<ObjectLiteral>): Promise<void> {
    if (!event.entity) return;
    const before = event.databaseEntity ?? {};
    const changes: Changes = {};
    for (const column of event.updatedColumns) {
      if (SKIPPED_COLUMNS.has(column.propertyName)) continue;
      const from = plain(column.getEntityValue(before));
      const to = plain(column.getEntityValue(event.entity));
      if (from !== to)
        changes[column.propertyName] = [this.mask(column.propertyName, from), this.mask(column.propertyName, to)];
    }
    // many-to-many changes (roles, tags, teachers) live in join tables; compare the loaded id lists
    for (const relation of [...event.updatedRelations, ...event.metadata.manyToManyRelations]) {
      const next = relation.getEntityValue(event.entity);
      if (next === undefined || changes[relation.propertyName]) continue;
      const from = relationIds(relation.getEntityValue(before));
      const to = relationIds(next);
      if (JSON.stringify(from) !== JSON.stringify(to)) changes[relation.propertyName] = [from, to];
    }
    if (!Object.keys(changes).length) return;
    await this.write(event.manager, 'update', event.metadata, { ...before, ...event.entity }, changes);
  }

  async afterSoftRemove(event: SoftRemoveEvent<ObjectLiteral>): Promise<void> {
    await this.write(event.manager, 'soft-delete', event.metadata, event.entity ?? event.databaseEntity, null);
  }

  async afterRecover(event: RecoverEvent<ObjectLiteral>): Promise<void> {
    await this.write(event.manager, 'restore', event.metadata, event.entity ?? event.databaseEntity, null);
  }

  async afterRemove(event: RemoveEvent<ObjectLiteral>): Promise<void> {
    const record = event.databaseEntity ?? event.entity ?? {};
    const changes: Changes = {};
    for (const column of this.columns(event.metadata)) {
      const value = column.getEntityValue(record);
      if (value !== undefined && value !== null)
        changes[column.propertyName] = [this.mask(column.propertyName, value), null];
    }
    await this.write(event.manager, 'delete', event.metadata, { ...record, id: record.id ?? event.entityId }, changes);
  }

  private columns(metadata: EntityMetadata) {
    // foreign keys included: getEntityValue reads the id from the loaded relation or the id column
    return metadata.columns.filter((c) => !SKIPPED_COLUMNS.has(c.propertyName));
  }

  private mask(field: string, value: unknown): unknown {
    return SECRET.test(field) ? '***' : plain(value);
  }

  private async write(
    manager: EntityManager,
    action: AuditAction,
    metadata: EntityMetadata,
    record: ObjectLiteral | undefined,
    changes: Changes | null,
  ): Promise<void> {
    if (SKIPPED_TABLES.has(metadata.tableName) || metadata.tableType === 'junction') return;
    const active = this.cls.isActive();
    await manager.insert(AuditLog, {
      actorId: active ? (this.cls.get('actorId') ?? null) : null,
      action,
      entity: metadata.tableName,
      entityId: String(record?.id ?? ''),
      changes: changes as never, // simple-json column: TypeORM types it as a deep-partial entity
      requestId: active ? (this.cls.getId() ?? null) : null,
    });
  }
}
