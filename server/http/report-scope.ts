/**
 * A report's sites and period as the reports' routes take them (docs/reports.md): `site=a,b` of
 * the sites the user may see (default: all of them; the first one's zone and norms), `from`/`to`
 * RFC 3339 instants or local dates of the first site (`to` a date includes that day; default today).
 */
import type { Response } from 'express';
import { parseInstant } from '../domain/kpi/history-intervals.js';
import { localDateOf, localDayStart } from '../domain/local-day.js';
import type { SiteConfig } from '../domain/sites.js';
import { principalOf } from '../auth/http-auth.js';
import { principalSites } from '../auth/principal.js';
import type { HttpDeps } from './http-deps.js';
import { forbidden, invalid } from './problems.js';

export interface ReportScope {
  sites: string[];
  /** the first site: its zone and norms judge the report */
  first: SiteConfig;
  from: number;
  to: number;
  /** the clock read once for the request: the default `to`, and the report's time */
  now: number;
}

/** `byDays`: a report counted by whole local days, whose `to` defaults to the end of today, not now */
export function reportScope(q: { site?: string | undefined; from?: string | undefined; to?: string | undefined }, res: Response, deps: Pick<HttpDeps, 'sites' | 'clock'>, byDays = false): ReportScope {
  const siteIds = deps.sites.all().map((s) => s.id);
  const visible = principalSites(principalOf(res)!, siteIds);
  const asked = q.site ? [...new Set(q.site.split(',').filter(Boolean))] : visible;
  const unknown = asked.filter((s) => !deps.sites.get(s));
  if (unknown.length) throw invalid(`site: expected one of ${siteIds.join(', ')}, got ${unknown.join(', ')}`);
  const hidden = asked.filter((s) => !visible.includes(s));
  if (hidden.length) throw forbidden(`site: not allowed: ${hidden.join(', ')}`);
  if (!asked.length) throw invalid('site: no site to report on');
  const first = deps.sites.get(asked[0]!)!;
  const tz = first.timeZone;
  const now = deps.clock();
  const from = q.from === undefined ? localDayStart(now, tz) : parseInstant(q.from, tz);
  if (from === undefined) throw invalid(`from: expected an RFC 3339 time with Z or offset, or a date YYYY-MM-DD, got "${q.from}"`);
  const to = q.to === undefined ? (byDays ? parseInstant(localDateOf(now, tz), tz, true) : now) : parseInstant(q.to, tz, true);
  if (to === undefined) throw invalid(`to: expected an RFC 3339 time with Z or offset, or a date YYYY-MM-DD, got "${q.to}"`);
  if (to <= from) throw invalid('to: expected a time after from');
  return { sites: asked, first, from, to, now };
}

