import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import type { Lang } from '../../../common/codes/code-table.js';
import { ListQuery } from '../../../common/list/list-query.js';
import { CustomerListQuery } from '../../../customers/dto/customer.dto.js';
import { EnrollmentListQuery } from '../../../enrollment/dto/enrollment.dto.js';
import { FeedbackListQuery } from '../../../feedback/dto/feedback.dto.js';
import { FollowUpListQuery } from '../../../sales/dto/follow-up.dto.js';
import { PaymentListQuery } from '../../../sales/dto/payment.dto.js';
import { StudyRecordListQuery } from '../../../teaching/dto/study-record.dto.js';
import { EXPORT_FORMATS, EXPORT_LANGS, type ExportFormat } from '../stream-export.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a mixin's base must take any constructor arguments
type QueryClass = new (...args: any[]) => ListQuery;

/**
 * A list's own query plus the file's `format` and `lang`. Paging and sort are accepted (the list's link can be
 * reused as it is) but ignored: an export is every matching row, by id.
 */
function Exportable<B extends QueryClass>(Base: B) {
  class ExportQuery extends Base {
    @ApiProperty({ enum: EXPORT_FORMATS, description: '`csv` (UTF-8 with BOM) or `xlsx`' })
    @IsIn(EXPORT_FORMATS)
    format: ExportFormat;

    @ApiPropertyOptional({ enum: EXPORT_LANGS, default: 'en', description: 'Language of the headers and code labels' })
    @IsOptional()
    @IsIn(EXPORT_LANGS)
    lang: Lang = 'en';
  }
  return ExportQuery;
}

export class CustomerExportQuery extends Exportable(CustomerListQuery) {}
export class FollowUpExportQuery extends Exportable(FollowUpListQuery) {}
export class PaymentExportQuery extends Exportable(PaymentListQuery) {}
export class EnrollmentExportQuery extends Exportable(EnrollmentListQuery) {}
export class FeedbackExportQuery extends Exportable(FeedbackListQuery) {}
export class StudyRecordExportQuery extends Exportable(StudyRecordListQuery) {}
export class StudyHistoryExportQuery extends Exportable(ListQuery) {}
