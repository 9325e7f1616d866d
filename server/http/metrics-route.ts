import { ApiRouter } from './api-router.js';
import type { RouteModule } from './http-deps.js';

/** GET /metrics — for Prometheus (bearer OBZOR_METRICS_TOKEN) or an admin's session (access `metrics`). */
export const metricsRoutes: RouteModule<'metrics' | 'guards'> = (deps) =>
  new ApiRouter('/metrics', deps.guards).serve('metrics', async (_req, res) => {
    res.set('Content-Type', deps.metrics.registry.contentType).send(await deps.metrics.registry.metrics());
  });
