import express from 'express';
import type { DataSource } from 'typeorm';
import type { Resolve } from '../adapter/resource-spec.js';
import { customerImportUpload } from './customer-import-upload.js';
import { listDownload } from './list-download.js';
import { profileDownload } from './profile-download.js';
import { reportDownload } from './report-download.js';

/** Files for signed-in staff under /admin/downloads (the API's exports, with the session instead of a token). */
export function downloadsRouter(resolve: Resolve, dataSource: DataSource): express.Router {
  const router = express.Router();
  router.get('/lists/:name', listDownload(resolve, dataSource));
  // the reports page's customer list link (kept: /lists/customers is the same file)
  router.get('/customers', listDownload(resolve, dataSource, 'customers'));
  router.get('/customers/:id/profile.pdf', profileDownload(resolve, dataSource));
  router.get('/reports/:name', reportDownload(resolve, dataSource));
  return router;
}

/** Files staff send under /admin/uploads (the API's imports, with the session instead of a token). */
export function uploadsRouter(resolve: Resolve, dataSource: DataSource): express.Router {
  const router = express.Router();
  router.post('/customers/import', customerImportUpload(resolve, dataSource));
  return router;
}
