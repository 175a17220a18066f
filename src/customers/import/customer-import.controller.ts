import { Body, Controller, HttpCode, HttpStatus, Post, Query, UploadedFile, UseInterceptors } from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import { ApiBody, ApiConsumes, ApiOkResponse, ApiTags, ApiUnprocessableEntityResponse } from '@nestjs/swagger';
import { CurrentActor, RequirePermission } from '../../common/auth/access.decorators.js';
import type { Actor } from '../../common/auth/actor.js';
import { ApiProblem } from '../../common/errors/problem.js';
import { CustomerImportService } from './customer-import.service.js';
import {
  CustomerImportOptionsDto,
  CustomerImportResultDto,
  CustomerImportUploadDto,
} from './dto/customer-import.dto.js';
import type { UploadedSheet } from './sheet-rows.js';

/** Largest file accepted (413 beyond). */
export const MAX_IMPORT_BYTES = 20 * 1024 * 1024;

@ApiTags('customers')
@Controller('customers')
export class CustomerImportController {
  constructor(private readonly imports: CustomerImportService) {}

  @RequirePermission(
    'customers.import',
    "Import customers from a CSV or XLSX file with the export's columns (dry run, duplicates skip or update, all-or-nothing or valid rows)",
  )
  @Post('import')
  @HttpCode(200)
  @UseInterceptors(FileInterceptor('file', { limits: { fileSize: MAX_IMPORT_BYTES, files: 1 } }))
  @ApiConsumes('multipart/form-data')
  @ApiBody({ type: CustomerImportUploadDto })
  @ApiOkResponse({ type: CustomerImportResultDto })
  @ApiUnprocessableEntityResponse({
    description: 'mode=all-or-nothing and some rows have errors: nothing was imported; the body lists them',
  })
  import(
    @UploadedFile() file: UploadedSheet | undefined,
    @Body() form: CustomerImportOptionsDto,
    @Query() query: CustomerImportOptionsDto,
    @CurrentActor() actor: Actor,
  ): Promise<CustomerImportResultDto> {
    if (!file) {
      throw new ApiProblem(HttpStatus.BAD_REQUEST, 'Send the file as multipart/form-data in the field "file"', {
        errors: [{ field: 'file', message: 'is required' }],
      });
    }
    const options = {
      dryRun: form?.dryRun ?? query.dryRun ?? false,
      duplicates: form?.duplicates ?? query.duplicates ?? 'skip',
      mode: form?.mode ?? query.mode ?? 'all-or-nothing',
    };
    return this.imports.import(file, options, actor);
  }
}
