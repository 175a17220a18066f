import { ClsServiceManager } from 'nestjs-cls';
import type { DataSource } from 'typeorm';
import type { RequestContext } from '../common/context/request-context.js';

/**
 * With read replicas (DATABASE_REPLICA_URLS), TypeORM sends the reads a query builder or `find` makes outside a
 * transaction to the pool that `defaultReplicationModeForReads()` names. Here that is the primary unless the
 * request context says otherwise (src/common/context/replica-reads.interceptor.ts: GET requests past the access
 * guard). Transactions and raw `query()` calls always run on the primary. Without replicas: nothing changes.
 */
export function routeReadsByRequest(dataSource: DataSource): void {
  if (!dataSource.driver.isReplicated) return;
  dataSource.defaultReplicationModeForReads = () => {
    const cls = ClsServiceManager.getClsService<RequestContext>();
    return (cls.isActive() && cls.get('readsFrom')) || 'master';
  };
}
