import type { Type } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { ValidationProblem } from '../../common/errors/problem.js';
import { validateDto } from '../../common/errors/validation.js';
import { AppConfig } from '../../config/app-config.js';
import {
  isListExportName,
  LIST_EXPORT_NAMES,
  LIST_EXPORTS,
  sendListExport,
  type FileOptions,
} from '../../reports/export/list-export-registry.js';
import type { Resolve } from '../adapter/resource-spec.js';
import { downloadHandler, queryOf } from './download-handler.js';

/**
 * GET /admin/downloads/lists/:name?format=csv|xlsx&lang=en|zh&<the list's API filters>: the same file as
 * GET /api/v1/<name>/export (permission reports.export and the list's own, the caller's record scope), for
 * the back office's session instead of a token. `fixedName` serves one list at a path of its own.
 */
export function listDownload(resolve: Resolve, dataSource: DataSource, fixedName?: string) {
  return downloadHandler(dataSource, async (req, res, actor) => {
    actor.require('reports.export');
    const name = fixedName ?? req.params.name;
    if (!isListExportName(name)) {
      throw new ValidationProblem([{ field: 'name', message: `must be one of ${LIST_EXPORT_NAMES.join(', ')}` }]);
    }
    const query = await validateDto(LIST_EXPORTS[name].query, queryOf(req), 'query');
    const timeZone = resolve(AppConfig as Type<AppConfig>).reportTimezone;
    await sendListExport(res, name, query as FileOptions, actor, resolve, timeZone);
  });
}
