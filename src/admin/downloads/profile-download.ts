import { HttpStatus } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { ApiProblem } from '../../common/errors/problem.js';
import { validateDto } from '../../common/errors/validation.js';
import { CustomerProfileService } from '../../reports/print/customer-profile.service.js';
import { PrintLanguageQuery } from '../../reports/print/dto/print-query.dto.js';
import type { Resolve } from '../adapter/resource-spec.js';
import { downloadHandler, queryOf } from './download-handler.js';

/**
 * GET /admin/downloads/customers/:id/profile.pdf?lang=en|zh: the printed customer profile, as
 * GET /api/v1/customers/:id/profile.pdf (permission customers.read; another consultant's customer is 404).
 */
export function profileDownload(resolve: Resolve, dataSource: DataSource) {
  return downloadHandler(dataSource, async (req, res, actor) => {
    actor.require('customers.read');
    const id = Number(req.params.id);
    if (!/^\d+$/.test(String(req.params.id)) || !Number.isSafeInteger(id) || id < 1) {
      throw new ApiProblem(HttpStatus.NOT_FOUND, 'No such customer');
    }
    const { lang } = await validateDto(PrintLanguageQuery, queryOf(req), 'query');
    await resolve(CustomerProfileService).print(id, lang, actor, res);
  });
}
