/**
 * /admin's sites and production calendar (issue 20): a site's name, zone, norms, hours and KPI
 * thresholds — validated by the sites file's own schema, previewed on the site's state now, saved
 * to Redis where they win over the file until reset — and the years of the production calendar.
 * A change takes effect on every node at once (server/store/live-sites.ts, `admin:changed`) and
 * reaches the screens with the site's next update; every change goes to the audit log.
 */
import { calendarDecree, CalendarYearParam, type CalendarYearRecord } from '../../shared/production-calendar.js';
import { SiteSettingsChange, type SiteSettingsRecord } from '../../shared/site-settings.js';
import { formatIssues } from '../../shared/validation-error.js';
import { settingsPreview } from '../domain/settings-preview.js';
import { kpiSetting } from '../domain/kpi/kpi-formulas.js';
import { KPI_IDS } from '../../shared/kpi-rules.js';
import { settingsOf, withSettings, type SiteConfig } from '../domain/sites.js';
import { builtInCalendarYear, calendarYear, calendarYears } from '../domain/working-days.js';
import { ApiRouter } from './api-router.js';
import { actorOf, auditNoter } from './audit-note.js';
import type { RouteModule } from './http-deps.js';
import { invalid, notFound } from './problems.js';

export const adminSiteRoutes: RouteModule<'liveSites' | 'siteSettings' | 'calendar' | 'reader' | 'audit' | 'clock' | 'guards'> = (deps) => {
  const r = new ApiRouter('/api/v1/admin', deps.guards);
  const { liveSites, siteSettings, calendar, reader, clock } = deps;
  const noted = auditNoter(deps.audit);

  const siteOf = (id: string): SiteConfig => {
    const site = liveSites.get(id);
    if (!site) throw notFound(`no site ${id} (sites: ${liveSites.ids().join(', ')})`);
    return site;
  };
  const recordOf = (site: SiteConfig): SiteSettingsRecord => {
    const changed = liveSites.changedBy(site.id);
    const kpiDefaults = Object.fromEntries(KPI_IDS.map((id) => [id, kpiSetting(id, site.norms)])) as SiteSettingsRecord['kpiDefaults'];
    return { site: site.id, settings: settingsOf(site), fromFile: liveSites.fileSettings(site.id)!, ...(changed ? { changed } : {}), kpiDefaults };
  };
  const draftOf = (body: unknown) => {
    const parsed = SiteSettingsChange.safeParse(body);
    if (!parsed.success) throw invalid(formatIssues(parsed.error.issues, body));
    return parsed.data;
  };

  r.serve('adminSites', (_req, res) => {
    res.json({ sites: liveSites.all().map(recordOf) });
  });
  r.serve('adminSitePreview', async (req, res) => {
    const site = siteOf(req.params.site);
    const draft = draftOf(req.body);
    const [before, after] = await Promise.all([reader.siteStateWith(site), reader.siteStateWith(withSettings(site, draft))]);
    if (!before || !after) throw invalid(`site ${site.id}: its state cannot be built now, so there is nothing to preview on (the save still validates)`);
    res.json(settingsPreview(before, after, clock()));
  });
  r.serve('adminSiteSave', async (req, res) => {
    const site = siteOf(req.params.site);
    const draft = draftOf(req.body);
    const before = settingsOf(site);
    await siteSettings.write(site.id, draft, actorOf(res));
    // this node at once (the others on `admin:changed`), so the answer and the next push show it
    await liveSites.reload(site.id);
    await noted(res, 'site.settings', site.id, { before, after: draft });
    res.json(recordOf(siteOf(site.id)));
  });
  r.serve('adminSiteReset', async (req, res) => {
    const site = siteOf(req.params.site);
    const before = settingsOf(site);
    if (await siteSettings.reset(site.id)) {
      await liveSites.reload(site.id);
      await noted(res, 'site.reset', site.id, { before, after: liveSites.fileSettings(site.id) });
    }
    res.json(recordOf(siteOf(site.id)));
  });

  const yearsList = async (): Promise<CalendarYearRecord[]> => {
    const entered = await calendar.readAll();
    const years = new Set([...calendarYears(), ...Object.keys(entered).map(Number)]);
    return [...years]
      .sort((a, b) => b - a)
      .map((year) => {
        const e = entered[String(year)];
        const y = calendarYear(year)!;
        return {
          year,
          source: e ? 'admin' : 'built-in',
          provisional: !e && y.provisional,
          ...(y.decree ? { decree: y.decree } : {}),
          nonWorkingWeekdays: [...y.nonWorkingWeekdays],
          workingWeekendDays: [...y.workingWeekendDays],
          ...(e ? { changed: { by: e.by, at: e.at } } : {}),
        };
      });
  };
  const yearOf = (param: string) => {
    const parsed = CalendarYearParam.safeParse(param);
    if (!parsed.success) throw invalid(formatIssues(parsed.error.issues, param, 'year'));
    return parsed.data;
  };
  // this node at once; the others on `admin:changed`
  const reinstall = () => calendar.install();

  r.serve('adminCalendar', async (_req, res) => {
    res.json({ years: await yearsList() });
  });
  r.serve('adminCalendarYearSave', async (req, res) => {
    const year = yearOf(req.params.year);
    const parsed = calendarDecree(year).safeParse(req.body);
    if (!parsed.success) throw invalid(formatIssues(parsed.error.issues, req.body));
    const before = calendarYear(year);
    await calendar.write(year, parsed.data, actorOf(res));
    await reinstall();
    await noted(res, 'calendar.set', String(year), { ...(before ? { before } : {}), after: parsed.data });
    res.json((await yearsList()).find((y) => y.year === year)!);
  });
  r.serve('adminCalendarYearRemove', async (req, res) => {
    const year = yearOf(req.params.year);
    const before = calendarYear(year);
    const gone = await calendar.remove(year);
    if (gone) {
      await reinstall();
      const builtIn = builtInCalendarYear(year);
      await noted(res, 'calendar.remove', String(year), { before, ...(builtIn ? { after: builtIn } : {}) });
    }
    res.status(gone ? 204 : 404).end();
  });
  return r;
};
