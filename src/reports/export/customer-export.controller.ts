import { Controller, Get, Query, Res } from '@nestjs/common';
import { ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { CurrentActor, RequirePermission } from '../../common/auth/access.decorators.js';
import type { Actor } from '../../common/auth/actor.js';
import { today } from '../../common/time/school-time.js';
import { AppConfig } from '../../config/app-config.js';
import { CUSTOMER_EXPORT_COLUMNS, CustomerExportService } from './customer-export.service.js';
import { CustomerExportQuery } from './dto/export-query.dto.js';
import { streamExport } from './stream-export.js';

/**
 * Exports of lists as CSV or XLSX, streamed. Each takes its list's own filters and applies the caller's record
 * scope. (Registered before the customers module, so `/customers/export` is not taken for a customer id.)
 */
@ApiTags('exports')
@Controller('customers')
export class CustomerExportController {
  constructor(
    private readonly exports: CustomerExportService,
    private readonly config: AppConfig,
  ) {}

  @RequirePermission(
    'reports.export',
    "Export the customer list (the list's filters; your own customers unless you have customers.read_all) as CSV or XLSX",
  )
  @ApiProduces('text/csv', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
  @Get('export')
  async export(@Query() query: CustomerExportQuery, @CurrentActor() actor: Actor, @Res() res: Response): Promise<void> {
    const day = today(this.config.reportTimezone);
    const filename = `${query.lang === 'zh' ? '客户' : 'customers'}-${day}.${query.format}`;
    await streamExport(
      res,
      query.format,
      query.lang,
      CUSTOMER_EXPORT_COLUMNS,
      this.exports.rows(query, actor),
      filename,
      { timeZone: this.config.reportTimezone },
    );
  }
}
