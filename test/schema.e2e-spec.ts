import { DataSource } from 'typeorm';
import { loadConfig } from '../src/config/app-config.js';
import { buildDataSourceOptions } from '../src/database/data-source-options.js';
import { createTestDatabase, type TestDatabase } from './support/test-app.js';

/** Entities and committed migrations must describe the same schema, on whichever database the suite runs. */
describe('schema: entities and migrations agree', () => {
  let db: TestDatabase;
  let dataSource: DataSource;

  beforeAll(async () => {
    db = await createTestDatabase();
    dataSource = new DataSource(buildDataSourceOptions(loadConfig({ NODE_ENV: 'test', ...db.env }).database));
    await dataSource.initialize();
  });
  afterAll(async () => {
    await dataSource.destroy();
    await db.drop();
  });

  const pendingChanges = async () =>
    (await dataSource.driver.createSchemaBuilder().log()).upQueries.map((q) => q.query);

  it('generating a migration after running every migration yields nothing', async () => {
    const applied = await dataSource.runMigrations();
    expect(applied.length).toBeGreaterThan(0);
    expect(await pendingChanges()).toEqual([]);
  });

  it('every migration reverts and re-applies cleanly', async () => {
    for (let i = 0; i < dataSource.migrations.length; i++) await dataSource.undoLastMigration();
    expect(await dataSource.showMigrations()).toBe(true);
    await dataSource.runMigrations();
    expect(await pendingChanges()).toEqual([]);
  });

  it('indexes every foreign key column', () => {
    const unindexed: string[] = [];
    for (const metadata of dataSource.entityMetadatas) {
      for (const fk of metadata.foreignKeys) {
        const first = fk.columns[0].databaseName;
        const covered = metadata.indices.some((index) => index.columns[0]?.databaseName === first);
        if (!covered && metadata.tableType !== 'junction') unindexed.push(`${metadata.tableName}.${first}`);
      }
    }
    expect(unindexed).toEqual([]);
  });
});
