/**
 * GET /api/v1/forecast?site=<id>[&queue=] — today's expected calls offered by local hour, from the
 * median of the same weekday of past weeks (issue 16, "forecast vs actual"; the duty view's third
 * line). The snapshot carries the day's totals only; this is the curve. Read through the day's
 * cached baseline (server/store/weekday-baseline.ts), so asking costs no history read.
 */
import { z } from 'zod';
import type { ForecastResponse } from '../../shared/api.js';
import { EntityId } from '../../shared/events.js';
import { formatIssues } from '../../shared/validation-error.js';
import { DateTime } from 'luxon';
import { expectedByHour, expectedOffered } from '../domain/forecast/expected-day.js';
import { principalOf } from '../auth/http-auth.js';
import { principalSites } from '../auth/principal.js';
import { ApiRouter } from './api-router.js';
import type { RouteModule } from './http-deps.js';
import { forbidden, invalid } from './problems.js';

const Query = z.object({ site: EntityId, queue: EntityId.optional() }).strict();

const round1 = (x: number) => Math.round(x * 10) / 10;

export const forecastRoutes: RouteModule<'baseline' | 'sites' | 'clock' | 'guards'> = (deps) => {
  const r = new ApiRouter('/api/v1/forecast', deps.guards);
  r.serve('forecast', async (req, res) => {
    const siteIds = deps.sites.all().map((s) => s.id);
    const parsed = Query.safeParse(req.query);
    if (!parsed.success) throw invalid(formatIssues(parsed.error.issues, req.query));
    const q = parsed.data;
    const site = deps.sites.get(q.site);
    if (!site) throw invalid(`site: expected one of ${siteIds.join(', ')}, got ${q.site}`);
    if (!principalSites(principalOf(res)!, siteIds).includes(site.id)) throw forbidden(`site: not allowed: ${site.id}`);
    const day = await deps.baseline.expectedDay(site, deps.clock());
    const body: ForecastResponse = {
      site: site.id,
      timeZone: site.timeZone,
      ...(q.queue ? { queue: q.queue } : {}),
      date: DateTime.fromMillis(day.dayStart, { zone: site.timeZone }).toISODate()!,
      from: day.dayStart,
      to: day.dayEnd,
      weeks: day.weeksUsed,
      expectedTotal: Math.round(expectedOffered(day, q.queue, day.dayStart, day.dayEnd)),
      intervals: expectedByHour(day, q.queue).map((h) => ({ ...h, expected: round1(h.expected) })),
    };
    res.set('Cache-Control', 'no-store').json(body);
  });
  return r;
};
