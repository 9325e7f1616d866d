/**
 * GET /api/v1/queues/:site/:queue/predicted-wait — what a caller joining the queue now can expect,
 * and each waiting caller's remaining wait (issue 16), so an IVR can announce it and the duty view
 * can show it: Ibrahim & Whitt's queue-length estimator (server/domain/staffing/predicted-wait.ts)
 * on the queue's operators answering now, today's handling time and the callers' patience.
 */
import type { PredictedWaitResponse } from '../../shared/api.js';
import { isEntityId } from '../../shared/entity-id.js';
import { principalOf } from '../auth/http-auth.js';
import { principalSites } from '../auth/principal.js';
import { predictedWait, wholeSecondsWait } from '../domain/staffing/predicted-wait.js';
import { ApiRouter } from './api-router.js';
import type { RouteModule } from './http-deps.js';
import { forbidden, invalid, notFound } from './problems.js';

export const queuesRoutes: RouteModule<'reader' | 'sites' | 'clock' | 'guards'> = (deps) => {
  const r = new ApiRouter('/api/v1/queues', deps.guards);
  const siteIds = deps.sites.all().map((s) => s.id);
  r.serve('predictedWait', async (req, res) => {
    const { site, queue } = req.params;
    if (!deps.sites.get(site)) throw notFound(`no site ${site.slice(0, 64)} (sites: ${siteIds.join(', ')})`);
    if (!principalSites(principalOf(res)!, siteIds).includes(site)) throw forbidden(`site: not allowed: ${site}`);
    if (!isEntityId(queue)) throw invalid(`queue: expected a queue id, got "${queue.slice(0, 64)}"`);
    const { states } = await deps.reader.sitesState([site]);
    const state = states[0];
    const q = state?.queues.find((x) => x.queue === queue);
    if (!state || !q?.foresight) throw notFound(`no queue ${queue} at ${site} today`);
    const f = q.foresight;
    const now = deps.clock();
    const waiting = state.calls.filter((c) => c.queue === queue && c.state === 'waiting');
    const estimate = (ahead: number) => {
      const w = predictedWait(ahead, f.staffed, f.ahtSec, f.patienceSec);
      return w && wholeSecondsWait(w);
    };
    const body: PredictedWaitResponse = {
      site,
      queue,
      at: now,
      staffed: f.staffed,
      waiting: waiting.length,
      ahtSec: f.ahtSec,
      ...(f.patienceSec !== undefined ? { patienceSec: f.patienceSec } : {}),
      estimator: 'ibrahim-whitt-ql',
      joining: f.joinWait ?? null,
      calls: waiting.map((c, i) => ({ callId: c.callId, position: i + 1, waitedSec: Math.round((now - c.since) / 1000), remaining: estimate(i) })),
    };
    res.set('Cache-Control', 'no-store').json(body);
  });
  return r;
};
