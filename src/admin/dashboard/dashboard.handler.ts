import type { PageHandler } from 'adminjs';
import type { DataSource } from 'typeorm';
import type { Resolve } from '../adapter/resource-spec.js';
import { actorOf } from '../current-admin.js';
import { jsonPageHandler } from '../pages/page-handler.js';
import { DashboardService } from './dashboard.service.js';

/** GET /admin/api/dashboard: the signed-in staff member's figures (DashboardData). */
export function dashboardHandler(resolve: Resolve, dataSource: DataSource): PageHandler {
  const dashboard = new DashboardService(resolve);
  return jsonPageHandler(dataSource, (_request, { currentAdmin }) => dashboard.figures(actorOf(currentAdmin)));
}
