import { Tag } from '../src/customers/entities/tag.entity.js';
import { startTestApp, type TestApp } from './support/test-app.js';

/** One request's rollback never undoes another request's write, on SQLite's single connection too. */
describe('transactions are isolated from each other', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('a write made while another transaction is open survives that transaction’s rollback', async () => {
    let started!: () => void;
    let release!: () => void;
    const aStarted = new Promise<void>((resolve) => (started = resolve));
    const aMayFinish = new Promise<void>((resolve) => (release = resolve));

    const a = t.dataSource
      .transaction(async (manager) => {
        await manager.save(manager.create(Tag, { name: 'written-by-a' }));
        started();
        await aMayFinish;
        throw new Error('a fails and rolls back');
      })
      .catch((error: Error) => error.message);
    await aStarted;
    const b = t.dataSource.getRepository(Tag).save({ name: 'written-by-b' });
    const c = t.dataSource.transaction((manager) => manager.save(manager.create(Tag, { name: 'written-by-c' })));
    release();

    expect(await a).toBe('a fails and rolls back');
    await Promise.all([b, c]);
    const names = (await t.dataSource.getRepository(Tag).find()).map((tag) => tag.name).sort();
    expect(names).toEqual(['written-by-b', 'written-by-c']);
  });
});
