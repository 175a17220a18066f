import { type ArgumentMetadata, type Type, ValidationError, ValidationPipe } from '@nestjs/common';
import { FieldError, ValidationProblem } from './problem.js';

function flatten(errors: ValidationError[], parent = ''): FieldError[] {
  return errors.flatMap((error) => {
    const field = parent ? `${parent}.${error.property}` : error.property;
    const own = Object.values(error.constraints ?? {}).map((message) => ({ field, message }));
    return [...own, ...flatten(error.children ?? [], field)];
  });
}

/** The path of the first string in `value` that is not well-formed Unicode (a lone surrogate), if any. */
function malformedText(value: unknown, path: string): string | undefined {
  // isWellFormed (ES2024, Node 20): some 20 times faster than a lone-surrogate regex, which the import ran per row
  if (typeof value === 'string')
    return (value as string & { isWellFormed(): boolean }).isWellFormed() ? undefined : path || 'body';
  // binary data is not text: an uploaded file's buffer walked byte by byte cost the import 1.5 GB at 100k rows
  if (value === null || typeof value !== 'object' || ArrayBuffer.isView(value)) return undefined;
  for (const [key, item] of Object.entries(value)) {
    const found = malformedText(item, path ? `${path}.${key}` : key);
    if (found) return found;
  }
  return undefined;
}

/**
 * Refuses text that is not well-formed Unicode before any validator sees it (some validators throw on it) and
 * before it could reach the database.
 */
class RequestValidationPipe extends ValidationPipe {
  override transform(value: unknown, metadata: ArgumentMetadata) {
    const field = malformedText(value, '');
    if (field) throw new ValidationProblem([{ field, message: 'must be well-formed Unicode text' }]);
    return super.transform(value, metadata);
  }
}

/** Global validation: strips nothing silently — unknown fields are refused — and converts query strings to types. */
export function createValidationPipe(): ValidationPipe {
  return new RequestValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    transformOptions: { enableImplicitConversion: false },
    validationError: { target: false, value: false },
    exceptionFactory: (errors) => new ValidationProblem(flatten(errors)),
  });
}

const pipe = createValidationPipe();

/**
 * Converts and validates `value` as the DTO class exactly as the API's pipe does for a request body or query
 * (for callers that are not controllers, e.g. the back office): the instance, or a ValidationProblem.
 */
export async function validateDto<T extends object>(
  dto: Type<T>,
  value: Record<string, unknown>,
  type: 'body' | 'query' = 'body',
): Promise<T> {
  return (await pipe.transform(value, { type, metatype: dto })) as T;
}
