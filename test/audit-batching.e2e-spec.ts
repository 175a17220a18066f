import { In } from 'typeorm';
import { AUDIT_FLUSH_ROWS } from '../src/common/audit/audit.subscriber.js';
import { AuditLog } from '../src/common/audit/audit-log.entity.js';
import { bulkInsert } from '../src/common/database/bulk-insert.js';
import { Tag } from '../src/customers/entities/tag.entity.js';
import { startTestApp, type TestApp } from './support/test-app.js';

/**
 * The audit collects a transaction's entries and writes them in multi-row INSERTs before it commits: the entries
 * are those of what was committed, no more and no fewer, also for bulk inserts and savepoints.
 */
describe('audit entries of a transaction are written in batches, with the transaction', () => {
  let t: TestApp;
  const tagIds = async (prefix: string) =>
    (await t.dataSource.getRepository(Tag).find()).filter((tag) => tag.name.startsWith(prefix)).map((tag) => tag.id);
  const auditOf = async (ids: number[]) =>
    t.dataSource.getRepository(AuditLog).find({
      where: { entity: 'tag', entityId: In(ids.map(String)) },
      order: { id: 'ASC' },
    });

  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('writes an entry per record of a committed transaction, in order, with the changes', async () => {
    await t.dataSource.transaction(async (manager) => {
      await manager.save(manager.create(Tag, { name: 'ok-1' }));
      const second = await manager.save(manager.create(Tag, { name: 'ok-2' }));
      second.name = 'ok-2b';
      await manager.save(second);
    });
    const ids = await tagIds('ok-');
    const entries = await auditOf(ids);
    expect(entries.map((e) => [e.action, Number(e.entityId)])).toEqual([
      ['create', ids[0]],
      ['create', ids[1]],
      ['update', ids[1]],
    ]);
    expect(entries[2].changes).toEqual({ name: ['ok-2', 'ok-2b'] });
  });

  it('writes none for a transaction that rolls back, and keeps the outer level when a savepoint rolls back', async () => {
    await expect(
      t.dataSource.transaction(async (manager) => {
        await manager.save(manager.create(Tag, { name: 'gone-1' }));
        throw new Error('rolled back');
      }),
    ).rejects.toThrow('rolled back');
    expect(await tagIds('gone-')).toEqual([]);
    expect(await t.dataSource.getRepository(AuditLog).countBy({ entity: 'tag', action: 'create' })).toBe(2);

    await t.dataSource.transaction(async (manager) => {
      await manager.save(manager.create(Tag, { name: 'outer-1' }));
      await manager
        .transaction(async (inner) => {
          await inner.save(inner.create(Tag, { name: 'inner-1' }));
          throw new Error('savepoint rolled back');
        })
        .catch(() => undefined);
      await manager.save(manager.create(Tag, { name: 'outer-2' }));
    });
    const outer = await tagIds('outer-');
    expect(await tagIds('inner-')).toEqual([]);
    expect((await auditOf(outer)).map((e) => Number(e.entityId))).toEqual(outer);
    expect(await t.dataSource.getRepository(AuditLog).countBy({ entity: 'tag', action: 'create' })).toBe(4);
  });

  it('bulkInsert: sets the ids, and the audit records every row, beyond one flush', async () => {
    const count = AUDIT_FLUSH_ROWS + 5;
    const tags = Array.from({ length: count }, (_, i) => Object.assign(new Tag(), { name: `bulk-${i}` }));
    await t.dataSource.transaction((manager) => bulkInsert(manager, Tag, tags));
    const stored = await t.dataSource.getRepository(Tag).findBy({ id: In(tags.map((tag) => tag.id)) });
    expect(new Map(stored.map((tag) => [tag.id, tag.name]))).toEqual(new Map(tags.map((tag) => [tag.id, tag.name])));
    const entries = await auditOf(tags.map((tag) => tag.id));
    expect(entries).toHaveLength(count);
    expect(entries[count - 1]).toMatchObject({
      action: 'create',
      entityId: String(tags[count - 1].id),
      changes: { id: [null, tags[count - 1].id], name: [null, `bulk-${count - 1}`] },
    });
  });

  it('outside a transaction, writes the entry at once', async () => {
    const tag = await t.dataSource.getRepository(Tag).save({ name: 'alone' }, { transaction: false });
    expect((await auditOf([tag.id])).map((e) => e.action)).toEqual(['create']);
  });
});
