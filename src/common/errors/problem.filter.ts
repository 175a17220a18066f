import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Request, Response } from 'express';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { databaseProblem } from './database-errors.js';
import { problemBody, type ProblemBody } from './problem.js';

/** Answers every error in the one shape. SQL and stack traces stay in the log. */
@Catch()
@Injectable()
export class ProblemFilter implements ExceptionFilter {
  private readonly logger = new Logger('Errors');

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const req = http.getRequest<Request & { id?: string }>();
    const res = http.getResponse<Response>();
    const body = { ...this.toProblem(exception, req), instance: req.originalUrl?.split('?')[0], requestId: req.id };
    if (res.headersSent) return void res.end();
    const retryAfter = (exception as { retryAfterSeconds?: number })?.retryAfterSeconds;
    if (retryAfter) res.setHeader('Retry-After', String(retryAfter));
    res.status(body.status).type('application/problem+json').send(JSON.stringify(body));
  }

  private toProblem(exception: unknown, req: Request & { id?: string }): ProblemBody {
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      const response = exception.getResponse();
      if (typeof response === 'object' && response && 'detail' in response) return response as ProblemBody;
      const message = typeof response === 'string' ? response : (response as { message?: unknown }).message;
      return problemBody(status, Array.isArray(message) ? message.join('; ') : String(message ?? exception.message));
    }
    // body-parser errors (broken JSON, body too large, bad charset) carry their own 4xx status
    const parserStatus = (exception as { status?: number; type?: string })?.status;
    if ((exception as { type?: string })?.type && parserStatus && parserStatus >= 400 && parserStatus < 500) {
      return problemBody(parserStatus, (exception as Error).message);
    }
    const mapped = databaseProblem(exception, this.dataSource);
    if (mapped) {
      if (mapped.status >= 500) this.logger.warn({ err: exception, requestId: req.id }, mapped.detail);
      return mapped;
    }
    const errorId = randomUUID();
    this.logger.error({ err: exception, errorId, requestId: req.id }, 'Unhandled error');
    return problemBody(HttpStatus.INTERNAL_SERVER_ERROR, 'An unexpected error occurred; it has been logged', {
      errorId,
    });
  }
}
