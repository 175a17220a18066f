import { Column, ColumnOptions } from 'typeorm';
import { CodeTable } from './code-table.js';

const CODE_TABLE_KEY = 'easycrm:codeTable';

/** A column holding a code of `table` (a small integer; the table's default code when it has one). */
export function CodeColumn(table: CodeTable, options: ColumnOptions = {}): PropertyDecorator {
  const column = Column({
    type: 'smallint',
    ...(table.defaultCode === undefined ? {} : { default: table.defaultCode }),
    ...options,
  });
  return (target, propertyKey) => {
    Reflect.defineMetadata(CODE_TABLE_KEY, table, target, propertyKey);
    column(target, propertyKey);
  };
}

/** The code table of an entity's code column (the back office turns it into a labelled select). */
export function codeTableOf(entity: Function, propertyName: string): CodeTable | undefined {
  return Reflect.getMetadata(CODE_TABLE_KEY, entity.prototype, propertyName);
}
