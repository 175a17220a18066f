import { applyDecorators, UseInterceptors } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiExtension,
  ApiHeader,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import { IDEMPOTENCY_KEY_HEADER, IDEMPOTENT_REPLAYED_HEADER, MAX_KEY_LENGTH } from './idempotency-key-header.js';
import { IdempotencyInterceptor } from './idempotency.interceptor.js';
import { IDEMPOTENCY_KEY_TTL_MS } from './idempotency.store.js';

const HOURS = IDEMPOTENCY_KEY_TTL_MS / 3_600_000;

/**
 * The route accepts an `Idempotency-Key` header (see IdempotencyInterceptor), documented in Swagger.
 * For POSTs that create money or enrollment records, so a client can retry them safely.
 */
export const Idempotent = () =>
  applyDecorators(
    UseInterceptors(IdempotencyInterceptor),
    ApiHeader({
      name: IDEMPOTENCY_KEY_HEADER,
      required: false,
      schema: {
        type: 'string',
        minLength: 1,
        maxLength: MAX_KEY_LENGTH,
        example: '8e03978e-40d5-43e8-bc93-6894a57f9324',
      },
      description:
        `Makes retries safe: a unique key per request (a UUID), up to ${MAX_KEY_LENGTH} printable ASCII ` +
        `characters, kept ${HOURS} hours per staff member and operation. A repeat with the same key and request ` +
        `gets the first successful answer again, with \`${IDEMPOTENT_REPLAYED_HEADER}: true\`, and changes ` +
        'nothing; an error answer is not kept, so the request may be retried with the same key.',
    }),
    ApiExtension('x-idempotent', true),
    ApiBadRequestResponse({ description: `Invalid input, or a malformed ${IDEMPOTENCY_KEY_HEADER}` }),
    ApiConflictResponse({
      description: `A conflict, or a request with the same ${IDEMPOTENCY_KEY_HEADER} is still in progress`,
    }),
    ApiUnprocessableEntityResponse({
      description: `Unprocessable input, or the ${IDEMPOTENCY_KEY_HEADER} was already used for a different request`,
    }),
  );
