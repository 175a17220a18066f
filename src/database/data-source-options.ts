import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { DataSourceOptions } from 'typeorm';
import type { DatabaseConfig } from '../config/app-config.js';
import { ENTITIES } from './entities.js';
import { MIGRATIONS } from './migrations/index.js';
import { SnakeNamingStrategy } from './snake-naming.strategy.js';

/** The one DataSource options builder: used by the app, the typeorm CLI (ormconfig.ts) and the tests. */
export function buildDataSourceOptions(db: DatabaseConfig): DataSourceOptions {
  const common = {
    entities: ENTITIES,
    migrations: MIGRATIONS,
    namingStrategy: new SnakeNamingStrategy(),
    synchronize: false,
    migrationsTransactionMode: 'each',
  } as const;
  if (db.kind === 'sqlite') {
    if (db.sqlitePath !== ':memory:') mkdirSync(dirname(db.sqlitePath), { recursive: true });
    return {
      ...common,
      type: 'better-sqlite3',
      database: db.sqlitePath,
      // WAL lets readers proceed during a write; wait instead of failing when the file is busy.
      prepareDatabase: (sqlite: { pragma(sql: string): unknown }) => {
        sqlite.pragma('journal_mode = WAL');
        sqlite.pragma('busy_timeout = 5000');
      },
    };
  }
  return {
    ...common,
    type: db.kind, // 'mariadb' against MariaDB: with 'mysql' the schema diff never settles on nullable columns
    ...(db.replicaUrls.length
      ? {
          // reads go where src/database/read-replicas.ts says: the primary unless a GET request's context says so
          replication: {
            master: { url: db.url },
            slaves: db.replicaUrls.map((url) => ({ url })),
            defaultMode: 'master' as const,
          },
        }
      : { url: db.url }),
    charset: 'utf8mb4_unicode_ci',
    timezone: 'Z',
    // DATE columns as 'YYYY-MM-DD' strings: converting them to Date shifts a day on servers west of UTC
    dateStrings: ['DATE'],
    poolSize: db.poolSize,
    // With the database away, requests fail fast (503) instead of piling up: a connection attempt gives up after
    // 3 s, at most 200 requests wait for a pooled connection (more get 503 at once), and keep-alive probes find
    // pooled connections whose server vanished without closing them.
    extra: {
      connectTimeout: 3000,
      waitForConnections: true,
      queueLimit: 200,
      enableKeepAlive: true,
      keepAliveInitialDelay: 10_000,
    },
  };
}
