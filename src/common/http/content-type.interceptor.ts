import { type CallHandler, type ExecutionContext, HttpStatus, Injectable, type NestInterceptor } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import type { Observable } from 'rxjs';
import { ApiProblem } from '../errors/problem.js';

const JSON_TYPE = 'application/json';
/** Where `@ApiConsumes` keeps its media types (@nestjs/swagger's API_CONSUMES, not exported). */
const API_CONSUMES = 'swagger/apiConsumes';

/**
 * A request body must come in a media type the route takes: JSON (UTF-8), or one the route declares with
 * `@ApiConsumes` (the customer import's multipart upload). Without this, a form-encoded body was parsed into the
 * same DTO as JSON (a cross-site form could post it), and a body in any other type arrived as `{}`, which a
 * route whose fields are all optional took as a valid, empty request. 415 otherwise.
 */
@Injectable()
export class ContentTypeInterceptor implements NestInterceptor {
  constructor(private readonly reflector: Reflector) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() !== 'http') return next.handle();
    const req = context.switchToHttp().getRequest<Request>();
    const hasBody = req.headers['transfer-encoding'] !== undefined || Number(req.headers['content-length'] ?? 0) > 0;
    if (hasBody) {
      const declared = this.reflector.getAllAndOverride<string[] | undefined>(API_CONSUMES, [
        context.getHandler(),
        context.getClass(),
      ]);
      // JSON everywhere: a route that also takes another type still answers a JSON body (e.g. "send the file")
      const accepted = [JSON_TYPE, ...(declared ?? [])];
      const [mediaType, ...parameters] = (req.headers['content-type'] ?? '').toLowerCase().split(';');
      const charset = parameters.map((p) => p.trim()).find((p) => p.startsWith('charset='));
      const utf8 = !charset || /^charset="?utf-8"?$/.test(charset);
      if (!accepted.includes(mediaType.trim()) || !utf8) {
        throw new ApiProblem(
          HttpStatus.UNSUPPORTED_MEDIA_TYPE,
          `The request body must be ${accepted.join(' or ')} (JSON in UTF-8)`,
        );
      }
    }
    return next.handle();
  }
}
