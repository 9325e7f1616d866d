import { Router } from 'express';
import { can } from '../../shared/roles.js';
import { bearerToken, principalOf } from '../auth/http-auth.js';
import { constantTimeEqual } from '../auth/secret-tokens.js';
import type { Metrics } from '../observability/metrics.js';
import { API } from '../../shared/api.js';

/** GET /metrics — for Prometheus (bearer OBZOR_METRICS_TOKEN) or an admin's session. */
export function metricsRouter(metrics: Metrics, token: string | undefined): Router {
  const r = Router();
  r.get(API.metrics.path, async (req, res) => {
    const bearer = bearerToken(req);
    const p = principalOf(res);
    const allowed = (token && bearer && constantTimeEqual(bearer, token)) || (p && can(p.role, 'admin'));
    if (!allowed) return void res.status(p || bearer ? 403 : 401).json({ error: 'metrics need the metrics token or an admin session' });
    res.set('Content-Type', metrics.registry.contentType).send(await metrics.registry.metrics());
  });
  return r;
}
