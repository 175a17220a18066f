import type { CodeTable } from '../../common/codes/code-table.js';
import { CustomerSource, CustomerStatus } from '../../common/codes/codes.js';
import type { FieldError } from '../../common/errors/problem.js';
import { comparable, type ColumnMap } from './import-columns.js';
import type { ImportReferences } from './import-references.js';

/** Tags in one cell: the export joins them with ", " (English) or "、" (Chinese). */
const TAG_SEPARATOR = /[,，、;；]/;

/** A code given as its number or as its English or Chinese label (or key). */
function codeOf(table: CodeTable, text: string): number | { error: string } {
  if (/^\d+$/.test(text)) return Number(text);
  const wanted = comparable(text);
  const item = table.items.find((i) => [i.en, i.zh, i.key].some((label) => comparable(label) === wanted));
  if (item) return item.code;
  const choices = table.items.map((i) => `${i.code} = ${i.en} / ${i.zh}`).join('; ');
  return { error: `"${text}" is not a ${table.en.toLowerCase()}: use a code or a label (${choices})` };
}

/**
 * Turns a row's cells into the body of a create request (the fields of CreateCustomerDto, still to be
 * validated by it): names and labels resolved to ids and codes. Blank cells are left out. `errors` lists the
 * cells that could not be resolved, by column key.
 */
export function rowToCustomerBody(
  cells: string[],
  columns: ColumnMap,
  references: ImportReferences,
): { body: Record<string, unknown>; errors: FieldError[] } {
  const body: Record<string, unknown> = {};
  const errors: FieldError[] = [];
  const resolve = (field: string, result: number | { id: number } | { error: string }, into: string) => {
    if (typeof result === 'number') body[into] = result;
    else if ('id' in result) body[into] = result.id;
    else errors.push({ field, message: result.error });
  };
  cells.forEach((cell, index) => {
    const column = columns[index];
    const text = cell.trim();
    if (text === '') return;
    if (column === undefined) {
      errors.push({ field: `column ${index + 1}`, message: 'has a value but the column has no header' });
      return;
    }
    switch (column) {
      case null:
        return;
      case 'source':
        return resolve(column, codeOf(CustomerSource, text), 'source');
      case 'status':
        return resolve(column, codeOf(CustomerStatus, text), 'status');
      case 'consultant':
        return resolve(column, references.consultant(text), 'consultantId');
      case 'consultCourse':
        return resolve(column, references.course(text), 'consultCourseId');
      case 'tags': {
        const names = [...new Set(text.split(TAG_SEPARATOR).map((n) => n.trim()))].filter(Boolean);
        const found = names.map((name) => references.tag(name));
        const missing = found.flatMap((r) => ('error' in r ? [r.error] : []));
        if (missing.length) errors.push({ field: 'tags', message: missing.join('; ') });
        else body.tagIds = found.map((r) => (r as { id: number }).id);
        return;
      }
      default:
        // text fields go to the DTO as written: its transforms trim and normalise them
        body[column] = cell;
    }
  });
  return { body, errors };
}
