import { Injectable, PipeTransform, Type } from '@nestjs/common';
import { createValidationPipe } from '../common/errors/validation.js';
import { ValidationProblem, type FieldError, type ProblemBody } from '../common/errors/problem.js';

/**
 * Validates a JSON array body item by item with the global rules (unknown fields refused), naming each
 * error's field `[index].field`; the global pipe cannot, since it sees only `Array`.
 */
@Injectable()
export class ArrayBodyPipe<T extends object> implements PipeTransform<unknown, Promise<T[]>> {
  private readonly itemPipe = createValidationPipe();

  constructor(
    private readonly itemType: Type<T>,
    private readonly maxItems: number,
  ) {}

  async transform(value: unknown): Promise<T[]> {
    if (!Array.isArray(value) || value.length === 0 || value.length > this.maxItems) {
      throw new ValidationProblem([{ field: 'body', message: `must be an array of 1 to ${this.maxItems} items` }]);
    }
    const errors: FieldError[] = [];
    const items: T[] = [];
    for (const [index, item] of value.entries()) {
      if (typeof item !== 'object' || item === null || Array.isArray(item)) {
        errors.push({ field: `[${index}]`, message: 'must be an object' });
        continue;
      }
      try {
        items.push(await this.itemPipe.transform(item, { type: 'body', metatype: this.itemType }));
      } catch (error) {
        if (!(error instanceof ValidationProblem)) throw error;
        const itemErrors = (error.getResponse() as ProblemBody).errors ?? [];
        errors.push(...itemErrors.map((e) => ({ field: `[${index}].${e.field}`, message: e.message })));
      }
    }
    if (errors.length) throw new ValidationProblem(errors);
    return items;
  }
}
