/** Every router of the app, in one list: the app mounts each at its prefix (server/http/app.ts). */
import { adminRoutes } from './admin-routes.js';
import { adminSiteRoutes } from './admin-site-routes.js';
import type { ApiRouter } from './api-router.js';
import { appealsRoutes } from './appeals-route.js';
import { authRoutes } from './auth-routes.js';
import { conflictsRoutes } from './conflicts-routes.js';
import { lostCallsRoutes } from './lost-calls-routes.js';
import { eventsRoutes } from './events-route.js';
import { historyRoutes } from './history-route.js';
import type { HttpDeps } from './http-deps.js';
import { metricsRoutes } from './metrics-route.js';
import { snapshotRoutes } from './snapshot-route.js';
import { queuesRoutes } from './queues-route.js';
import { incidentsRoutes } from './incidents-routes.js';
import { reportsRoutes } from './reports-route.js';
import { operatorReportRoutes } from './operator-report-route.js';
import { appealsReportRoutes } from './appeals-report-route.js';
import { forecastRoutes } from './forecast-route.js';

export const ROUTE_MODULES = [eventsRoutes, authRoutes, snapshotRoutes, historyRoutes, appealsRoutes, conflictsRoutes, lostCallsRoutes, adminRoutes, adminSiteRoutes, queuesRoutes, forecastRoutes, incidentsRoutes, reportsRoutes, operatorReportRoutes, appealsReportRoutes, metricsRoutes] as const;

export function buildRouters(deps: HttpDeps): ApiRouter[] {
  return ROUTE_MODULES.map((m) => m(deps));
}
