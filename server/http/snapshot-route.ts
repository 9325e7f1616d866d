import { principalOf } from '../auth/http-auth.js';
import { principalSites } from '../auth/principal.js';
import { audienceOf, snapshotFor } from '../realtime/view-for.js';
import { ApiRouter } from './api-router.js';
import type { RouteModule } from './http-deps.js';

/** GET /api/v1/snapshot[?site=a,b] — the dashboard state this principal may see (shared/snapshot.ts). */
export const snapshotRoutes: RouteModule<'reader' | 'sites' | 'guards'> = (deps) => {
  const siteIds = deps.sites.all().map((s) => s.id);
  return new ApiRouter('/api/v1/snapshot', deps.guards).serve('snapshot', async (req, res) => {
    const p = principalOf(res)!;
    const allowed = principalSites(p, siteIds);
    const asked = typeof req.query.site === 'string' && req.query.site ? req.query.site.split(',') : allowed;
    const sites = asked.filter((s) => allowed.includes(s));
    // a store failure reaches the app's error handler: 503 + Retry-After
    res.set('Cache-Control', 'no-store').json(snapshotFor(await deps.reader.snapshot(sites), audienceOf(p.role)));
  });
};
