import { IsIn, IsOptional } from 'class-validator';
import type { Lang } from '../../../common/codes/code-table.js';
import { CustomerListQuery } from '../../../customers/dto/customer.dto.js';
import { EXPORT_FORMATS, EXPORT_LANGS, type ExportFormat } from '../stream-export.js';

/** The customer list's own filters (paging and sort are ignored: an export is every matching row by id). */
export class CustomerExportQuery extends CustomerListQuery {
  /** `csv` (UTF-8 with BOM) or `xlsx`. */
  @IsIn(EXPORT_FORMATS)
  format: ExportFormat;

  /** Language of the headers and code labels; default `en`. */
  @IsOptional()
  @IsIn(EXPORT_LANGS)
  lang: Lang = 'en';
}
