import React from 'react';
import { Table, TableBody, TableCell, TableHead, TableRow, Text } from '@adminjs/design-system';
import { formatValue, type Lang } from './format.ts';
import { valueAt, type ColumnView } from './report-views.ts';

/** One cell of a report as staff read it: labels in their language, money in yuan, rates as percentages. */
export function showCell(row: unknown, column: ColumnView, lang: Lang): string {
  const value = valueAt(row, column.path ?? column.key);
  if (value === null || value === undefined) return '–';
  switch (column.kind) {
    case 'label':
      return String((value as { en: string; zh: string })[lang]);
    case 'class': {
      const named = value as { displayName: string; displayNameZh: string };
      return lang === 'zh' ? named.displayNameZh : named.displayName;
    }
    case 'date':
      return String(value).slice(0, 16).replace('T', ' ');
    case 'text':
      return String(value);
    default:
      return formatValue(Number(value), column.kind, lang);
  }
}

interface ReportTableProps {
  rows: unknown[];
  columns: ColumnView[];
  heading: (key: string) => string;
  empty: string;
  lang: Lang;
}

/** A report's table (design-system Table), numbers right-aligned. */
export function ReportTable({ rows, columns, heading, empty, lang }: ReportTableProps) {
  if (!rows.length) return <Text variant="sm">{empty}</Text>;
  const align = (column: ColumnView) =>
    ['label', 'class', 'text', 'date'].includes(column.kind) ? 'left' : ('right' as const);
  return (
    <Table width="100%">
      <TableHead>
        <TableRow>
          {columns.map((column) => (
            <TableCell key={column.key} style={{ textAlign: align(column) }}>
              {heading(column.key)}
            </TableCell>
          ))}
        </TableRow>
      </TableHead>
      <TableBody>
        {rows.map((row, i) => (
          <TableRow key={i}>
            {columns.map((column) => (
              <TableCell key={column.key} style={{ textAlign: align(column) }}>
                {showCell(row, column, lang)}
              </TableCell>
            ))}
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
