import { Controller, Get, Query, Res, type Type } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { CurrentActor, RequirePermission } from '../../common/auth/access.decorators.js';
import type { Actor } from '../../common/auth/actor.js';
import { AppConfig } from '../../config/app-config.js';
import { CustomerExportQuery } from './dto/export-query.dto.js';
import { sendListExport } from './list-export-registry.js';

/**
 * Exports of lists as CSV or XLSX, streamed. Each takes its list's own filters and applies the caller's record
 * scope. (Registered before the customers module, so `/customers/export` is not taken for a customer id.)
 */
@ApiTags('exports')
@Controller('customers')
export class CustomerExportController {
  constructor(
    private readonly moduleRef: ModuleRef,
    private readonly config: AppConfig,
  ) {}

  @RequirePermission(
    'reports.export',
    "Export the customer list (the list's filters; your own customers unless you have customers.read_all) as CSV or XLSX",
  )
  @ApiProduces('text/csv', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
  @Get('export')
  async export(@Query() query: CustomerExportQuery, @CurrentActor() actor: Actor, @Res() res: Response): Promise<void> {
    const services = <T>(type: Type<T>) => this.moduleRef.get(type);
    await sendListExport(res, 'customers', query, actor, services, this.config.reportTimezone);
  }
}
