import { In, type EntityManager } from 'typeorm';
import { bulkInsert } from '../../common/database/bulk-insert.js';
import { Customer } from '../entities/customer.entity.js';
import type { Tag } from '../entities/tag.entity.js';
import type { PlannedCreate, PlannedUpdate } from './import-planner.js';

/** The columns an update from a row may change: a blank cell leaves its column as it is. */
const UPDATABLE = [
  'name',
  'qq',
  'qqName',
  'phone',
  'source',
  'status',
  'referralFrom',
  'consultCourseId',
  'content',
  'memo',
  'consultantId',
] as const;

const tagRefs = (ids: number[]) => ids.map((id) => ({ id }) as Tag);
const sortedIds = (tags: { id: number }[]) => tags.map((t) => t.id).sort((a, b) => a - b);

/**
 * Writes a planned batch with the manager of its transaction. New customers (and their tag links) go in as
 * multi-row INSERTs; bulkInsert tells the subscribers of each, so the audit records it. Updates are entity saves,
 * so an update gets a new version and an audit entry of what changed.
 */
export async function writeBatch(
  manager: EntityManager,
  creates: PlannedCreate[],
  updates: PlannedUpdate[],
): Promise<{ created: number; updated: number; unchanged: number }> {
  if (creates.length) {
    const customers = await bulkInsert(
      manager,
      Customer,
      creates.map(({ values }) => Object.assign(new Customer(), values)),
    );
    await insertTagLinks(
      manager,
      creates.flatMap(({ row }, i) => [...new Set(row.dto.tagIds ?? [])].map((tagId) => [customers[i].id, tagId])),
    );
  }
  const applied = await applyUpdates(manager, updates);
  const changed = applied.filter((a) => a.changed).map((a) => a.customer);
  if (changed.length) {
    // as saveEdit does for one record: a tags-only change must still update the row (version, audit)
    const now = new Date();
    for (const customer of changed) customer.updatedAt = now;
    await manager.save(changed);
  }
  const unchanged = applied.length - changed.length;
  return { created: creates.length, updated: updates.length, unchanged };
}

/** Rows of the customers' tags join table, as [customer id, tag id] pairs. */
async function insertTagLinks(manager: EntityManager, pairs: number[][]): Promise<void> {
  const junction = manager.connection
    .getMetadata(Customer)
    .findRelationWithPropertyPath('tags')!.junctionEntityMetadata!;
  const [owner] = junction.ownerColumns;
  const [inverse] = junction.inverseColumns;
  const rows = pairs.map(([customerId, tagId]) => ({
    [owner.propertyName]: customerId,
    [inverse.propertyName]: tagId,
  }));
  await bulkInsert(manager, junction, rows, { listeners: false });
}

/** What a planned batch would do, without writing: the dry run's counts. */
export async function previewBatch(
  manager: EntityManager,
  creates: PlannedCreate[],
  updates: PlannedUpdate[],
): Promise<{ created: number; updated: number; unchanged: number }> {
  const applied = await applyUpdates(manager, updates);
  return { created: creates.length, updated: updates.length, unchanged: applied.filter((a) => !a.changed).length };
}

/** The customers of the updates, loaded with their tags and changed in memory by their rows. */
async function applyUpdates(
  manager: EntityManager,
  updates: PlannedUpdate[],
): Promise<{ customer: Customer; changed: boolean }[]> {
  if (!updates.length) return [];
  const customers = await manager
    .getRepository(Customer)
    .find({ where: { id: In(updates.map((u) => u.customerId)) }, relations: { tags: true } });
  const byId = new Map(customers.map((c) => [c.id, c]));
  return updates.map(({ row, customerId }) => {
    const customer = byId.get(customerId)!;
    let changed = false;
    for (const field of UPDATABLE) {
      const value = row.dto[field];
      if (value === undefined || value === null || value === customer[field]) continue;
      Object.assign(customer, { [field]: value });
      changed = true;
    }
    const tagIds = row.dto.tagIds && [...new Set(row.dto.tagIds)].sort((a, b) => a - b);
    if (tagIds && JSON.stringify(sortedIds(customer.tags)) !== JSON.stringify(tagIds)) {
      customer.tags = tagRefs(tagIds);
      changed = true;
    }
    return { customer, changed };
  });
}
