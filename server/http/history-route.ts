/**
 * GET /api/v1/history?site=a[,b]&from=&to=[&step=15m|1h|1d][&queue=] — per-interval counts
 * and rates for charts (shared/kpi.ts HistoryResponse; docs/kpis.md).
 */
import { z } from 'zod';
import { EntityId } from '../../shared/events.js';
import { HistoryStep, type HistoryResponse } from '../../shared/kpi.js';
import { formatIssues } from '../../shared/validation-error.js';
import { intervalCount, parseInstant } from '../domain/kpi/history-intervals.js';
import { localDayStart } from '../domain/local-day.js';
import { principalOf } from '../auth/http-auth.js';
import { principalSites } from '../auth/principal.js';
import { ApiRouter } from './api-router.js';
import type { RouteModule } from './http-deps.js';
import { forbidden, invalid } from './problems.js';

/** the most intervals one request may ask for (31 days of 15-min intervals fit) */
export const MAX_INTERVALS = 3000;

const Query = z
  .object({
    site: z.string().max(2000).optional(),
    from: z.string().max(40).optional(),
    to: z.string().max(40).optional(),
    step: HistoryStep.default('15m'),
    queue: EntityId.optional(),
  })
  .strict();

export const historyRoutes: RouteModule<'history' | 'gaps' | 'sites' | 'retentionDays' | 'clock' | 'guards'> = (deps) => {
  const r = new ApiRouter('/api/v1/history', deps.guards);
  const { clock, retentionDays } = deps;
  const siteIds = deps.sites.all().map((s) => s.id);

  r.serve('history', async (req, res) => {
    const bad = (error: string): never => {
      throw invalid(error);
    };
    const parsed = Query.safeParse(req.query);
    if (!parsed.success) return bad(formatIssues(parsed.error.issues, req.query));
    const q = parsed.data;
    const visible = principalSites(principalOf(res)!, siteIds);
    // a site named twice is one site, counted once
    const asked = q.site ? [...new Set(q.site.split(',').filter(Boolean))] : visible;
    const unknown = asked.filter((s) => !deps.sites.get(s));
    if (unknown.length) return bad(`site: expected one of ${siteIds.join(', ')}, got ${unknown.join(', ')}`);
    const hidden = asked.filter((s) => !visible.includes(s));
    if (hidden.length) throw forbidden(`site: not allowed: ${hidden.join(', ')}`);
    if (asked.length === 0) return bad('site: no site to show');
    const first = deps.sites.get(asked[0]!)!;
    const timeZone = first.timeZone;

    const now = clock();
    const from = q.from === undefined ? localDayStart(now, timeZone) : parseInstant(q.from, timeZone);
    if (from === undefined) return bad(`from: expected an RFC 3339 time with Z or offset, or a date YYYY-MM-DD, got "${q.from}"`);
    const to = q.to === undefined ? now : parseInstant(q.to, timeZone, true);
    if (to === undefined) return bad(`to: expected an RFC 3339 time with Z or offset, or a date YYYY-MM-DD, got "${q.to}"`);
    if (to <= from) return bad('to: expected a time after from');
    if (from < now - (retentionDays + 1) * 86_400_000) return bad(`from: counters are kept ${retentionDays} days; expected a time after ${new Date(now - retentionDays * 86_400_000).toISOString()}`);
    const count = intervalCount(from, to, q.step);
    if (count > MAX_INTERVALS) return bad(`step: ${count} intervals of ${q.step} asked for, at most ${MAX_INTERVALS}; use a larger step (1h, 1d) or a shorter range`);

    const intervals = await deps.history.read({ sites: asked, from, to, step: q.step, timeZone, ...(q.queue ? { queue: q.queue } : {}) });
    const feedGaps = await deps.gaps(asked, from, to);
    const body: HistoryResponse = { sites: [...asked], timeZone, ...(q.queue ? { queue: q.queue } : {}), step: q.step, from, to, intervals, ...(feedGaps.length ? { feedGaps } : {}) };
    res.set('Cache-Control', 'no-store').json(body);
  });
  return r;
};
