import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsInt, ValidateIf } from 'class-validator';
import { CodeTable } from './code-table.js';
import { NumberFromText } from '../http/number-from-text.js';

function describe(table: CodeTable): string {
  return `${table.en} (${table.zh}): ` + table.items.map((item) => `${item.code} = ${item.en} / ${item.zh}`).join('; ');
}

/**
 * DTO field holding a code of `table`: validated against it and documented with its labels. `optional` means it
 * may be left out, not that it may be null (code columns have defaults, never null).
 */
export function IsCode(table: CodeTable, options: { optional?: boolean; each?: boolean } = {}): PropertyDecorator {
  const { optional = false, each = false } = options;
  const api = { enum: [...table.values], description: describe(table), isArray: each, type: Number };
  return applyDecorators(
    ...(optional
      ? [ValidateIf((_object, value) => value !== undefined), ApiPropertyOptional(api)]
      : [ApiProperty(api)]),
    NumberFromText(),
    IsInt({ each, message: `$property must be a code of ${table.name}` }),
    IsIn([...table.values], {
      each,
      message: `$property must be one of ${table.values.join(', ')} (see GET /api/v1/codes, table ${table.name})`,
    }),
  );
}
