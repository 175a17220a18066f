import { HttpStatus } from '@nestjs/common';
import { ApiProblem } from '../../common/errors/problem.js';

/**
 * The columns an import reads: the customer export's headers (English or Chinese; keep them in step with
 * reports/export CUSTOMER_EXPORT_COLUMNS, which a test compares), plus `content` and `memo`, which a lead
 * list often has. Read-only columns of the export are accepted and ignored, so an exported file re-imports.
 */
export const IMPORT_COLUMNS = [
  { key: 'number', en: 'Number', zh: '编号', readOnly: true },
  { key: 'name', en: 'Name', zh: '姓名' },
  { key: 'qq', en: 'QQ', zh: 'QQ' },
  { key: 'qqName', en: 'QQ nickname', zh: 'QQ昵称' },
  { key: 'phone', en: 'Phone', zh: '电话' },
  { key: 'source', en: 'Source', zh: '来源' },
  { key: 'status', en: 'Status', zh: '状态' },
  { key: 'latestIntention', en: 'Latest intention', zh: '最新意向', readOnly: true },
  { key: 'consultant', en: 'Consultant', zh: '咨询顾问' },
  { key: 'consultCourse', en: 'Course asked about', zh: '咨询课程' },
  { key: 'tags', en: 'Tags', zh: '标签' },
  { key: 'referralFrom', en: 'Referred by (QQ)', zh: '推荐人QQ' },
  { key: 'lastFollowUpAt', en: 'Last follow-up', zh: '最近跟进时间', readOnly: true },
  { key: 'createdAt', en: 'Created', zh: '创建时间', readOnly: true },
  { key: 'content', en: 'Consultation details', zh: '咨询内容' },
  { key: 'memo', en: 'Memo', zh: '备注' },
] as const;

export type ImportColumnKey = (typeof IMPORT_COLUMNS)[number]['key'];

/** A header or a label as compared: full-width forms folded (NFKC), case and spaces ignored. */
export const comparable = (text: string) => text.normalize('NFKC').toLowerCase().replace(/\s+/g, '');

const BY_HEADER = new Map<string, (typeof IMPORT_COLUMNS)[number]>(
  IMPORT_COLUMNS.flatMap((c) => [c.en, c.zh, c.key].map((header) => [comparable(header), c] as const)),
);

/** Which column each cell of a row belongs to: a key to import, `null` to ignore (read-only or blank header). */
export type ColumnMap = (ImportColumnKey | null)[];

/** Maps the header row; 400 naming every unknown or repeated column. */
export function mapHeader(headers: string[]): ColumnMap {
  const unknown: string[] = [];
  const repeated: string[] = [];
  const seen = new Set<string>();
  const map = headers.map((header): ImportColumnKey | null => {
    if (header.trim() === '') return null;
    const column = BY_HEADER.get(comparable(header));
    if (!column) {
      unknown.push(header.trim());
      return null;
    }
    if (seen.has(column.key)) repeated.push(header.trim());
    seen.add(column.key);
    return 'readOnly' in column ? null : column.key;
  });
  if (unknown.length || repeated.length) {
    const expected = IMPORT_COLUMNS.map((c) => (c.en === c.zh ? c.en : `${c.en} / ${c.zh}`)).join(', ');
    throw new ApiProblem(
      HttpStatus.BAD_REQUEST,
      [
        unknown.length ? `Unknown columns: ${unknown.join(', ')}.` : '',
        repeated.length ? `Repeated columns: ${repeated.join(', ')}.` : '',
        `The columns are those of the customer export: ${expected}.`,
      ]
        .filter(Boolean)
        .join(' '),
      {
        errors: [
          ...unknown.map((header) => ({ line: 1, field: header, message: 'is not a customer import column' })),
          ...repeated.map((header) => ({ line: 1, field: header, message: 'appears more than once' })),
        ],
      },
    );
  }
  return map;
}
