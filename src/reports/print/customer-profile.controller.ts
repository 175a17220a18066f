import { Controller, Get, Param, ParseIntPipe, Query, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { CurrentActor, RequirePermission } from '../../common/auth/access.decorators.js';
import type { Actor } from '../../common/auth/actor.js';
import { ApiFileResponse } from './api-file-response.js';
import { CustomerProfileService } from './customer-profile.service.js';
import { PrintLanguageQuery } from './dto/print-query.dto.js';

@ApiTags('customers')
@Controller('customers')
export class CustomerProfileController {
  constructor(private readonly profiles: CustomerProfileService) {}

  @RequirePermission(
    'customers.read',
    'Print a customer profile (PDF): fields, contacts, latest follow-ups, enrollments, payments, open feedback',
  )
  @ApiFileResponse('The customer profile, printable (A4)', 'application/pdf')
  @Get(':id/profile.pdf')
  profile(
    @Param('id', ParseIntPipe) id: number,
    @Query() query: PrintLanguageQuery,
    @CurrentActor() actor: Actor,
    @Res() res: Response,
  ): Promise<void> {
    return this.profiles.print(id, query.lang, actor, res);
  }
}
