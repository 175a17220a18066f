import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsOptional } from 'class-validator';

export const DUPLICATE_ACTIONS = ['skip', 'update'] as const;
export type DuplicateAction = (typeof DUPLICATE_ACTIONS)[number];
export const IMPORT_MODES = ['all-or-nothing', 'valid-rows'] as const;
export type ImportMode = (typeof IMPORT_MODES)[number];

const toBoolean = ({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value);

/** The import's options, as form fields or query parameters (a form field wins). */
export class CustomerImportOptionsDto {
  /** `true`: check every row and report what would happen; nothing changes. Default `false`. */
  @ApiPropertyOptional({ type: Boolean })
  @IsOptional()
  @Transform(toBoolean)
  @IsBoolean()
  dryRun?: boolean;

  /**
   * A row whose qq or phone belongs to a live customer you can see: `skip` it (default) or `update` that
   * customer with the row's non-blank cells.
   */
  @ApiPropertyOptional({ enum: DUPLICATE_ACTIONS })
  @IsOptional()
  @IsIn(DUPLICATE_ACTIONS)
  duplicates?: DuplicateAction;

  /**
   * `all-or-nothing` (default): any row error and nothing changes (422 with the errors). `valid-rows`: import
   * the valid rows and report the others.
   */
  @ApiPropertyOptional({ enum: IMPORT_MODES })
  @IsOptional()
  @IsIn(IMPORT_MODES)
  mode?: ImportMode;
}

/** The multipart form of the import (documentation only: the file is read by multer). */
export class CustomerImportUploadDto extends CustomerImportOptionsDto {
  @ApiProperty({
    type: 'string',
    format: 'binary',
    description:
      'A .csv (UTF-8 or GB18030) or .xlsx file whose first row holds the headers of the customer export, in English or Chinese',
  })
  file: unknown;
}

export class ImportRowErrorDto {
  /** Line (CSV) or row (XLSX) of the file; the header is line 1. */
  line: number;
  /** The column (its key, as in the export: `phone`, `source`, `consultant`, `tags`, …). */
  field: string;
  message: string;
}

export class ImportDuplicateDto {
  line: number;
  @ApiProperty({ enum: ['qq', 'phone'] })
  field: 'qq' | 'phone';
  value: string;
  customerId: number;
  /** The existing customer's readable number, e.g. C-000123. */
  customerNumber: string;
  @ApiProperty({ enum: DUPLICATE_ACTIONS })
  action: DuplicateAction;
}

export class CustomerImportResultDto {
  dryRun: boolean;
  @ApiProperty({ enum: IMPORT_MODES })
  mode: ImportMode;
  /** Rows in the file (blank rows and the header not counted). */
  rows: number;
  /** Customers created (in a dry run: that would be). */
  created: number;
  /** Existing customers updated from a duplicate row (in a dry run: that would be). */
  updated: number;
  /** Of `updated`: customers that already had the row's values (left as they were: no new version). */
  unchanged: number;
  /** Duplicate rows skipped (`duplicates=skip`). */
  skipped: number;
  /** Rows not imported because of an error. */
  failed: number;
  /** Row errors, by line (the first 1000; `errorCount` has them all). */
  @ApiProperty({ type: [ImportRowErrorDto] })
  errors: ImportRowErrorDto[];
  errorCount: number;
  /** Rows matching an existing customer by qq or phone (the first 1000; `duplicateCount` has them all). */
  @ApiProperty({ type: [ImportDuplicateDto] })
  duplicates: ImportDuplicateDto[];
  duplicateCount: number;
}
