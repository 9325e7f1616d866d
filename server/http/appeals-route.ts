/**
 * GET /api/v1/appeals/:appealId[?site=] — one appeal with its N10 deadline (ISO 8601 in the
 * site's zone) and its state now. Searches every site the request may see unless `site` is
 * given. Never returns personal data (N6). Closed appeals are kept OBZOR_DEDUPE_DAYS after
 * their last event (open ones OBZOR_OPEN_ENTITY_DAYS), then 404.
 */
import { DateTime } from 'luxon';
import { ENTITY_ID_RULE, isEntityId } from '../../shared/entity-id.js';
import type { AppealEvent } from '../../shared/events.js';
import { appealView } from '../domain/appeal-fold.js';
import { windowDueAt } from '../domain/callback-window.js';
import type { SiteConfig } from '../domain/sites.js';
import { principalOf } from '../auth/http-auth.js';
import { principalSites } from '../auth/principal.js';
import { ApiRouter } from './api-router.js';
import type { RouteModule } from './http-deps.js';
import { conflict, forbidden, invalid, notFound } from './problems.js';
import type { AppealResponse } from '../../shared/appeals.js';

export const appealsRoutes: RouteModule<'store' | 'sites' | 'clock' | 'guards'> = (deps) => {
  const r = new ApiRouter('/api/v1/appeals', deps.guards);
  const siteIds = deps.sites.all().map((s) => s.id);

  r.serve('appeal', async (req, res) => {
    const appealId = String(req.params.appealId);
    if (!isEntityId(appealId)) throw invalid(`appealId: expected ${ENTITY_ID_RULE}, got "${appealId.slice(0, 40)}"`);
    const visible = principalSites(principalOf(res)!, siteIds);
    const site = typeof req.query.site === 'string' ? req.query.site : undefined;
    if (site !== undefined && !deps.sites.get(site)) throw invalid(`site: expected one of ${siteIds.join(', ')}, got "${site.slice(0, 64)}"`);
    if (site !== undefined && !visible.includes(site)) throw forbidden(`site: not allowed: ${site}`);
    const candidates = site !== undefined ? [site] : visible;
    {
      const found: { site: SiteConfig; events: AppealEvent[] }[] = [];
      const records = await Promise.all(candidates.map((s) => deps.store.entity(s, 'appeal', appealId)));
      records.forEach((rec, i) => {
        if (rec && rec.events.length) found.push({ site: deps.sites.get(candidates[i]!)!, events: rec.events as AppealEvent[] });
      });
      if (found.length === 0) throw notFound(`no appeal ${appealId}`);
      if (found.length > 1) throw conflict(`appeal ${appealId} exists at several sites; add ?site= (one of ${found.map((f) => f.site.id).join(', ')})`);
      res.set('Cache-Control', 'no-store').json(describeAppeal(found[0]!.site, found[0]!.events, deps.clock()));
    }
  });
  return r;
};

/** The response for one appeal at `now`; times in the site's zone. */
export function describeAppeal(site: SiteConfig, events: readonly AppealEvent[], now: number): AppealResponse {
  const v = appealView(events, site.norms, site.timeZone, now);
  const f = v.facts;
  const iso = (ms: number) => DateTime.fromMillis(ms, { zone: site.timeZone }).toISO()!;
  const windowDue = f.callbackDueAt !== undefined ? windowDueAt(site.norms.callbackWindow, f.callbackDueAt, site.timeZone) : undefined;
  const hasCallback = f.callbackDueAt !== undefined || f.callbackAttempts > 0;
  return {
    appealId: f.appealId,
    site: site.id,
    timeZone: site.timeZone,
    ...(f.channel ? { channel: f.channel } : {}),
    ...(f.clientType ? { clientType: f.clientType } : {}),
    ...(f.replyVia ? { replyVia: f.replyVia } : {}),
    ...(f.registeredAt !== undefined ? { registeredAt: iso(f.registeredAt) } : {}),
    dueAt: v.dueAt !== undefined ? iso(v.dueAt) : null,
    ...(v.dueAtSource ? { dueAtSource: v.dueAtSource } : {}),
    ...(v.workingDays !== undefined ? { workingDays: v.workingDays } : {}),
    state: v.state,
    ...(f.answeredAt !== undefined ? { answeredAt: iso(f.answeredAt) } : {}),
    ...(f.rejectedAt !== undefined ? { rejectedAt: iso(f.rejectedAt), rejectReason: f.rejectReason! } : {}),
    ...(hasCallback
      ? {
          callback: {
            ...(f.callbackDueAt !== undefined ? { dueAt: iso(f.callbackDueAt) } : {}),
            ...(windowDue !== undefined ? { windowDueAt: iso(windowDue) } : {}),
            attempts: f.callbackAttempts,
            ...(f.callbackReachedAt !== undefined ? { reachedAt: iso(f.callbackReachedAt) } : {}),
          },
        }
      : {}),
  };
}
