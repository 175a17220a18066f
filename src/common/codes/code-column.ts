import { Column, ColumnOptions } from 'typeorm';
import { CodeTable } from './code-table.js';

/** A column holding a code of `table` (a small integer; the table's default code when it has one). */
export function CodeColumn(table: CodeTable, options: ColumnOptions = {}): PropertyDecorator {
  return Column({
    type: 'smallint',
    ...(table.defaultCode === undefined ? {} : { default: table.defaultCode }),
    ...options,
  });
}
