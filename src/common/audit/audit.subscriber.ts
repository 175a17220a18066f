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
  QueryRunner,
  RemoveEvent,
  SoftRemoveEvent,
  RecoverEvent,
  TransactionCommitEvent,
  TransactionRollbackEvent,
  TransactionStartEvent,
  UpdateEvent,
} from 'typeorm';
import type { RequestContext } from '../context/request-context.js';
import { bulkInsert } from '../database/bulk-insert.js';
import { AuditAction, AuditLog } from './audit-log.entity.js';

/** Tables whose writes are not business records: the log itself and token bookkeeping. */
const SKIPPED_TABLES = new Set(['audit_log', 'refresh_token', 'admin_session', 'idempotency_key']);
/** Bookkeeping columns left out of the change list. */
const SKIPPED_COLUMNS = new Set(['createdAt', 'updatedAt', 'version']);
/** Secrets and personal identity numbers are recorded as changed, never with their values. */
const SECRET = /password|token|secret|idNumber/i;

/** Entries a transaction holds before it writes them early (in the same transaction): memory stays flat. */
export const AUDIT_FLUSH_ROWS = 1000;

type Changes = Record<string, [unknown, unknown]>;
type AuditEntry = Pick<AuditLog, 'actorId' | 'action' | 'entity' | 'entityId' | 'changes' | 'requestId'>;

/** How many transactions a query runner has open (the transaction and its savepoints), read from TypeORM. */
const depthOf = (queryRunner: QueryRunner): number | undefined =>
  (queryRunner as unknown as { transactionDepth?: number }).transactionDepth;

const plain = (value: unknown): unknown =>
  value instanceof Date ? value.toISOString() : value === undefined ? null : value;

const relationIds = (value: unknown): unknown =>
  Array.isArray(value)
    ? value.map((item: ObjectLiteral) => item?.id ?? item).sort((a, b) => a - b)
    : ((value as ObjectLiteral | null)?.id ?? plain(value));

/**
 * Writes an audit entry for every insert, update, delete, soft delete and restore that goes through
 * TypeORM's entity persistence (save/remove/softRemove/recover, and bulkInsert), in the writer's transaction,
 * whoever the writer is (API service, back office, seed). The actor comes from the request context.
 *
 * Inside a transaction the entries are collected and written just before it commits, as multi-row INSERTs
 * (and every AUDIT_FLUSH_ROWS entries on the way); a rollback drops them with the changes they describe, a
 * savepoint's rollback only its own. Outside a transaction an entry is written at once.
 */
@Injectable()
export class AuditSubscriber implements EntitySubscriberInterface {
  /** The entries not written yet of each open transaction level (transaction, then savepoints), by runner. */
  private readonly pending = new WeakMap<QueryRunner, AuditEntry[][]>();

  constructor(
    @InjectDataSource() dataSource: DataSource,
    private readonly cls: ClsService<RequestContext>,
  ) {
    dataSource.subscribers.push(this);
  }

  /** A savepoint: what the enclosing level collected is written first, so that order and a partial rollback hold. */
  async beforeTransactionStart({ queryRunner }: TransactionStartEvent): Promise<void> {
    if (depthOf(queryRunner)) await this.flush(queryRunner);
  }

  afterTransactionStart({ queryRunner }: TransactionStartEvent): void {
    const levels = this.pending.get(queryRunner) ?? [];
    // in step with the runner even after a transaction that ended without its events (a failed rollback)
    const depth = depthOf(queryRunner);
    if (depth !== undefined) levels.length = Math.max(0, Math.min(levels.length, depth - 1));
    levels.push([]);
    this.pending.set(queryRunner, levels);
  }

  async beforeTransactionCommit({ queryRunner }: TransactionCommitEvent): Promise<void> {
    await this.flush(queryRunner);
  }

  afterTransactionCommit({ queryRunner }: TransactionCommitEvent): void {
    this.pending.get(queryRunner)?.pop();
  }

  afterTransactionRollback({ queryRunner }: TransactionRollbackEvent): void {
    this.pending.get(queryRunner)?.pop();
  }

  async afterInsert(event: InsertEvent<ObjectLiteral>): Promise<void> {
    const changes: Changes = {};
    for (const column of this.columns(event.metadata)) {
      const value = column.getEntityValue(event.entity);
      if (value !== undefined && value !== null)
        changes[column.propertyName] = [null, this.mask(column.propertyName, value)];
    }
    await this.write(event, 'create', event.metadata, event.entity, changes);
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
    await this.write(event, 'update', event.metadata, { ...before, ...event.entity }, changes);
  }

  async afterSoftRemove(event: SoftRemoveEvent<ObjectLiteral>): Promise<void> {
    await this.write(event, 'soft-delete', event.metadata, event.entity ?? event.databaseEntity, null);
  }

  async afterRecover(event: RecoverEvent<ObjectLiteral>): Promise<void> {
    await this.write(event, 'restore', event.metadata, event.entity ?? event.databaseEntity, null);
  }

  async afterRemove(event: RemoveEvent<ObjectLiteral>): Promise<void> {
    const record = event.databaseEntity ?? event.entity ?? {};
    const changes: Changes = {};
    for (const column of this.columns(event.metadata)) {
      const value = column.getEntityValue(record);
      if (value !== undefined && value !== null)
        changes[column.propertyName] = [this.mask(column.propertyName, value), null];
    }
    await this.write(event, 'delete', event.metadata, { ...record, id: record.id ?? event.entityId }, changes);
  }

  private columns(metadata: EntityMetadata) {
    // foreign keys included: getEntityValue reads the id from the loaded relation or the id column
    return metadata.columns.filter((c) => !SKIPPED_COLUMNS.has(c.propertyName));
  }

  private mask(field: string, value: unknown): unknown {
    return SECRET.test(field) ? '***' : plain(value);
  }

  private async write(
    { manager, queryRunner }: { manager: EntityManager; queryRunner?: QueryRunner },
    action: AuditAction,
    metadata: EntityMetadata,
    record: ObjectLiteral | undefined,
    changes: Changes | null,
  ): Promise<void> {
    if (SKIPPED_TABLES.has(metadata.tableName) || metadata.tableType === 'junction') return;
    const active = this.cls.isActive();
    const entry: AuditEntry = {
      actorId: active ? (this.cls.get('actorId') ?? null) : null,
      action,
      entity: metadata.tableName,
      entityId: String(record?.id ?? ''),
      changes,
      requestId: active ? (this.cls.getId() ?? null) : null,
    };
    const level = queryRunner?.isTransactionActive ? this.pending.get(queryRunner)?.at(-1) : undefined;
    if (!level) {
      await bulkInsert(manager, AuditLog, [entry as AuditLog], { listeners: false });
      return;
    }
    level.push(entry);
    if (level.length >= AUDIT_FLUSH_ROWS) await this.flush(queryRunner!);
  }

  /** Writes what the innermost open level collected (taken at once: listeners may run concurrently). */
  private async flush(queryRunner: QueryRunner): Promise<void> {
    const entries = this.pending.get(queryRunner)?.at(-1)?.splice(0);
    if (entries?.length) await bulkInsert(queryRunner.manager, AuditLog, entries as AuditLog[], { listeners: false });
  }
}
