import { readFile, unlink } from 'node:fs/promises';
import { HttpStatus } from '@nestjs/common';
import type { Request } from 'express';
import type { DataSource } from 'typeorm';
import { ApiProblem } from '../../common/errors/problem.js';
import { validateDto } from '../../common/errors/validation.js';
import { MAX_IMPORT_BYTES } from '../../customers/import/customer-import.controller.js';
import { CustomerImportService } from '../../customers/import/customer-import.service.js';
import { CustomerImportOptionsDto } from '../../customers/import/dto/customer-import.dto.js';
import type { UploadedSheet } from '../../customers/import/sheet-rows.js';
import type { Resolve } from '../adapter/resource-spec.js';
import { downloadHandler } from './download-handler.js';

/** A file as express-formidable (formidable 1) leaves it: written to a temporary file. */
interface FormidableFile {
  path: string;
  name?: string | null;
  type?: string | null;
  size: number;
}

type FormRequest = Request & {
  fields?: Record<string, unknown>;
  files?: Record<string, FormidableFile | FormidableFile[]>;
};

/** The upload as the import service takes it (multer's memory-storage shape, as the API's route passes it). */
async function sheetOf(file: FormidableFile): Promise<UploadedSheet> {
  if (file.size > MAX_IMPORT_BYTES) {
    throw new ApiProblem(HttpStatus.PAYLOAD_TOO_LARGE, `The file is larger than ${MAX_IMPORT_BYTES / 1024 / 1024} MiB`);
  }
  return {
    originalname: file.name ?? '',
    mimetype: file.type ?? '',
    size: file.size,
    buffer: await readFile(file.path),
  };
}

/**
 * POST /admin/uploads/customers/import (multipart: `file`, and the API's options dryRun, duplicates, mode):
 * POST /api/v1/customers/import for the back office's session (permission customers.import; the signed-in
 * staff member is the import's actor and the audit's). Answers the result, or the API's problem JSON (422
 * with the row errors when all-or-nothing refused the file).
 */
export function customerImportUpload(resolve: Resolve, dataSource: DataSource) {
  return downloadHandler(dataSource, async (request, res, actor) => {
    const req = request as FormRequest;
    const uploads = Object.values(req.files ?? {}).flat();
    try {
      actor.require('customers.import');
      const file = [req.files?.file].flat()[0];
      if (!file) {
        throw new ApiProblem(HttpStatus.BAD_REQUEST, 'Send the file as multipart/form-data in the field "file"', {
          errors: [{ field: 'file', message: 'is required' }],
        });
      }
      const form = await validateDto(CustomerImportOptionsDto, { ...req.fields }, 'body');
      const options = {
        dryRun: form.dryRun ?? false,
        duplicates: form.duplicates ?? 'skip',
        mode: form.mode ?? 'all-or-nothing',
      };
      res.json(await resolve(CustomerImportService).import(await sheetOf(file), options, actor));
    } finally {
      await Promise.all(uploads.map((upload) => unlink(upload.path).catch(() => undefined)));
    }
  });
}
