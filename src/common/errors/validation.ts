import { type Type, ValidationError, ValidationPipe } from '@nestjs/common';
import { FieldError, ValidationProblem } from './problem.js';

function flatten(errors: ValidationError[], parent = ''): FieldError[] {
  return errors.flatMap((error) => {
    const field = parent ? `${parent}.${error.property}` : error.property;
    const own = Object.values(error.constraints ?? {}).map((message) => ({ field, message }));
    return [...own, ...flatten(error.children ?? [], field)];
  });
}

/** Global validation: strips nothing silently — unknown fields are refused — and converts query strings to types. */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
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
