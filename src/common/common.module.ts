import { Global, Module } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_INTERCEPTOR, APP_PIPE } from '@nestjs/core';
import { AccessGuard } from './auth/access.guard.js';
import { AuditSubscriber } from './audit/audit.subscriber.js';
import { CodesController } from './codes/codes.controller.js';
import { ReplicaReadsInterceptor } from './context/replica-reads.interceptor.js';
import { ProblemFilter } from './errors/problem.filter.js';
import { createValidationPipe } from './errors/validation.js';
import { ContentTypeInterceptor } from './http/content-type.interceptor.js';
import { IdempotencyInterceptor } from './idempotency/idempotency.interceptor.js';
import { IdempotencyStore } from './idempotency/idempotency.store.js';

/**
 * Platform pieces every module relies on: access guard, body media type, validation, error shape, audit, code
 * tables, idempotency, replica reads.
 */
@Global()
@Module({
  controllers: [CodesController],
  providers: [
    AuditSubscriber,
    { provide: APP_GUARD, useClass: AccessGuard },
    { provide: APP_INTERCEPTOR, useClass: ContentTypeInterceptor },
    { provide: APP_PIPE, useFactory: createValidationPipe },
    { provide: APP_FILTER, useClass: ProblemFilter },
    { provide: APP_INTERCEPTOR, useClass: ReplicaReadsInterceptor },
    IdempotencyStore,
    IdempotencyInterceptor,
  ],
  exports: [IdempotencyStore, IdempotencyInterceptor],
})
export class CommonModule {}
