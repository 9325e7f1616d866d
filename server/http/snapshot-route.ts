import { Router } from 'express';
import { principalOf, requirePermission } from '../auth/http-auth.js';
import { principalSites } from '../auth/principal.js';
import { audienceOf, snapshotFor } from '../realtime/view-for.js';
import type { StateReader } from '../store/state-reader.js';
import { API } from '../../shared/api.js';

/** GET /api/v1/snapshot[?site=a,b] — the dashboard state this principal may see (shared/snapshot.ts). */
export function snapshotRouter(reader: StateReader, siteIds: readonly string[]): Router {
  const r = Router();
  r.get(API.snapshot.path, requirePermission('view:dashboard'), async (req, res) => {
    const p = principalOf(res)!;
    const allowed = principalSites(p, siteIds);
    const asked = typeof req.query.site === 'string' && req.query.site ? req.query.site.split(',') : allowed;
    const sites = asked.filter((s) => allowed.includes(s));
    // a store failure reaches the app's error handler: 503 + Retry-After
    res.set('Cache-Control', 'no-store').json(snapshotFor(await reader.snapshot(sites), audienceOf(p.role)));
  });
  return r;
}
