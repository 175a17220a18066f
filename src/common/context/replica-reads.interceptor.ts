import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import type { Request } from 'express';
import { ClsService } from 'nestjs-cls';
import type { Observable } from 'rxjs';
import type { RequestContext } from './request-context.js';

/**
 * Lets a GET request's reads go to a read replica (when DATABASE_REPLICA_URLS names some; see
 * src/database/read-replicas.ts). It runs after the access guard, so the actor — and with it a disabled account
 * or a revoked sign-in — is always read from the primary; any request that writes reads from the primary too,
 * so the answer to a create or an update shows what it wrote.
 */
@Injectable()
export class ReplicaReadsInterceptor implements NestInterceptor {
  constructor(private readonly cls: ClsService<RequestContext>) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const { method } = context.switchToHttp().getRequest<Request>();
    if ((method === 'GET' || method === 'HEAD') && this.cls.isActive()) this.cls.set('readsFrom', 'slave');
    return next.handle();
  }
}
