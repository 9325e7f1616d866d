/**
 * /admin's sites and production calendar through the real HTTP API on a real Redis, with two
 * nodes on the same data: validation names the field, a preview changes nothing, a save wins over
 * the sites file on every node and reaches the screens, a reset returns to the file, every change
 * is in the audit log; a calendar year entered replaces the built-in one until removed.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { io as connect, type Socket } from 'socket.io-client';
import type { ClientToServerEvents, ServerToClientEvents } from '../../shared/socket.js';
import type { SitePreview, SiteSettingsRecord } from '../../shared/site-settings.js';
import type { CalendarYearRecord } from '../../shared/production-calendar.js';
import { isWorkingDay } from '../../server/domain/working-days.js';
import { answeredCall } from '../helpers/event-factory.js';
import { ScreenFollower } from '../helpers/screen-follower.js';
import { startTestApp, TEST_SITES, WALL_TOKEN, type Session, type TestApp } from '../helpers/start-app.js';
import { SiteConfig } from '../../server/domain/sites.js';
import { waitUntil } from '../helpers/wait-until.js';

const SITE = 'kholmsk';
let app: TestApp;
let other: TestApp;
let admin: Session;
let adminOnOther: Session;

// open around the clock, so what the KPIs say does not depend on the hour the test runs
const SITES = TEST_SITES.map((s) => SiteConfig.parse({ ...s, hours: '24/7', hotlineHours: '24/7' }));

beforeAll(async () => {
  app = await startTestApp({ sites: SITES });
  other = await startTestApp({ sites: SITES }, {}, { prefix: app.prefix, keepData: true });
  admin = await app.login('admin');
  adminOnOther = await other.login('admin');
  // answered after 11 s of ringing: within 3 rings, so N1's share is 100 % (ok by default)
  const res = await app.post(answeredCall('adm-1', Date.now() - 400_000, SITE));
  expect(res.status).toBe(200);
});
afterAll(async () => {
  await other?.close();
  await app?.close();
});

const sitesOn = async (s: Session) => ((await (await s.fetch('/api/v1/admin/sites')).json()) as { sites: SiteSettingsRecord[] }).sites;
const recordOf = async (s: Session, site = SITE) => (await sitesOn(s)).find((r) => r.site === site)!;

describe('site settings in /admin', () => {
  it('lists every site with the settings in effect and the file’s, to admins only', async () => {
    const sites = await sitesOn(admin);
    expect(sites.map((s) => s.site)).toEqual(['yuzhno-sakhalinsk', 'kholmsk']);
    const k = sites[1]!;
    expect(k.settings).toEqual(k.fromFile);
    expect(k.changed).toBeUndefined();
    expect(k.settings).toMatchObject({ timeZone: 'Asia/Sakhalin', norms: { ringsToAnswer: 3, connectTargetSeconds: 40 } });
    for (const role of ['manager', 'duty'] as const) expect((await (await app.login(role)).fetch('/api/v1/admin/sites')).status).toBe(403);
  });

  it('refuses a wrong draft naming each field, and stores nothing', async () => {
    const { settings } = await recordOf(admin);
    const bad = { ...settings, timeZone: 'Asia/Sahkalin', norms: { ...settings.norms, ringsToAnswer: 2.5 }, thresholds: { serviceLevel: { warnBelow: 'high' } }, colour: 'red' };
    for (const path of [`/api/v1/admin/sites/${SITE}/settings`, `/api/v1/admin/sites/${SITE}/preview`]) {
      const res = await admin.fetch(path, { method: path.endsWith('preview') ? 'POST' : 'PUT', json: bad });
      expect(res.status).toBe(400);
      const { error } = (await res.json()) as { error: string };
      expect(error).toContain('timeZone: an IANA time zone such as Asia/Sakhalin');
      expect(error).toContain('norms.ringsToAnswer: expected int, got number 2.5');
      expect(error).toContain('thresholds.serviceLevel.warnBelow: expected number, got string "high"');
      expect(error).toContain('body: unexpected field(s) colour');
    }
    expect((await admin.fetch('/api/v1/admin/sites/atlantis/preview', { method: 'POST', json: settings })).status).toBe(404);
    expect((await recordOf(admin)).changed).toBeUndefined();
  });

  it('previews a draft on the site’s state now without saving it', async () => {
    const { settings } = await recordOf(admin);
    const draft = { ...settings, thresholds: { answeredIn3Rings: { warnBelow: null, alertBelow: 1.5 } }, hours: { mon: '00:00-01:00', calendar: 'weekly' as const }, timeZone: 'Asia/Kamchatka' };
    const res = await admin.fetch(`/api/v1/admin/sites/${SITE}/preview`, { method: 'POST', json: draft });
    expect(res.status).toBe(200);
    const p = (await res.json()) as SitePreview;
    const site = p.changed.find((r) => r.kpi === 'answeredIn3Rings' && r.queue === undefined);
    expect(site).toMatchObject({ value: 1, before: { status: 'ok' }, after: { status: 'alert' } });
    expect(p.changed.find((r) => r.kpi === 'answeredIn3Rings' && r.queue === 'hotline')).toMatchObject({ before: { status: 'ok' }, after: { status: 'alert' } });
    expect(p.unchanged).toBeGreaterThan(10);
    expect(p.hours.before.open).toBe(true);
    expect(p.hours.after.open).toBe(false);
    // Kamchatka is an hour ahead of Sakhalin
    const [b, a] = [p.localNow.before, p.localNow.after].map((t) => Date.parse(`${t.replace(' ', 'T')}:00Z`));
    expect(a! - b!).toBe(3_600_000);
    expect((await recordOf(admin)).changed).toBeUndefined();
  });

  it('saves: every node judges with it at once, the screens get it, the audit log has before and after', async () => {
    const wall = connect(app.url, { transports: ['websocket'], auth: { token: WALL_TOKEN } }) as Socket<ServerToClientEvents, ClientToServerEvents>;
    const screen = new ScreenFollower(wall);
    await new Promise((r) => wall.once('snapshot', r));
    try {
      expect(screen.states.get(SITE)!.kpis.answeredIn3Rings.status).toBe('ok');
      const { settings } = await recordOf(admin);
      const draft = { ...settings, thresholds: { answeredIn3Rings: { warnBelow: null, alertBelow: 1.5 } }, norms: { ...settings.norms, conflictAckSeconds: 120 } };
      const res = await admin.fetch(`/api/v1/admin/sites/${SITE}/settings`, { method: 'PUT', json: draft });
      expect(res.status).toBe(200);
      const saved = (await res.json()) as SiteSettingsRecord;
      expect(saved.changed).toMatchObject({ by: 'admin' });
      expect(saved.settings.thresholds).toEqual(draft.thresholds);
      expect(saved.fromFile.thresholds).toEqual({});

      // the other node took it from pub/sub
      await waitUntil(async () => (await recordOf(adminOnOther)).changed?.by === 'admin', 'the other node sees the change');
      // the wall was told with the next update, without any event posted
      await waitUntil(() => screen.states.get(SITE)!.kpis.answeredIn3Rings.status === 'alert', 'the wall judges with the new threshold');
      expect(screen.states.get(SITE)!.norms.conflictAckSeconds).toBe(120);
      const snap = await (await other.wallFetch('/api/v1/snapshot')).json();
      expect(snap.sites.find((s: { site: string }) => s.site === SITE).kpis.answeredIn3Rings.status).toBe('alert');

      const { entries } = await (await admin.fetch('/api/v1/admin/audit')).json();
      const e = entries.find((x: { action: string }) => x.action === 'site.settings');
      expect(e).toMatchObject({ actor: 'admin', target: SITE, before: { thresholds: {} }, after: { thresholds: draft.thresholds } });
    } finally {
      wall.close();
    }
  });

  it('is kept across a restart, and a reset returns every node to the sites file', async () => {
    const third = await startTestApp({ sites: SITES }, {}, { prefix: app.prefix, keepData: true });
    try {
      const adminOnThird = await third.login('admin');
      expect((await recordOf(adminOnThird)).changed?.by).toBe('admin');
      const res = await admin.fetch(`/api/v1/admin/sites/${SITE}/settings`, { method: 'DELETE' });
      expect(res.status).toBe(200);
      const back = (await res.json()) as SiteSettingsRecord;
      expect(back.changed).toBeUndefined();
      expect(back.settings).toEqual(back.fromFile);
      await waitUntil(async () => (await recordOf(adminOnThird)).changed === undefined, 'the third node is back on the file');
      const snap = await (await third.wallFetch('/api/v1/snapshot')).json();
      expect(snap.sites.find((s: { site: string }) => s.site === SITE).kpis.answeredIn3Rings.status).toBe('ok');
      const { entries } = await (await admin.fetch('/api/v1/admin/audit')).json();
      expect(entries.map((x: { action: string }) => x.action)).toContain('site.reset');
    } finally {
      await third.close();
    }
  });
});

describe('production calendar in /admin', () => {
  const years = async (s: Session) => ((await (await s.fetch('/api/v1/admin/calendar')).json()) as { years: CalendarYearRecord[] }).years;

  it('lists the built-in years, the not-yet-decreed one provisional', async () => {
    const list = await years(admin);
    expect(list.map((y) => y.year)).toEqual(expect.arrayContaining([2025, 2026, 2027]));
    expect(list.find((y) => y.year === 2027)).toMatchObject({ source: 'built-in', provisional: true });
    expect(list.find((y) => y.year === 2026)).toMatchObject({ source: 'built-in', provisional: false, decree: expect.stringContaining('1466') });
  });

  it('refuses a wrong decree naming the date and why', async () => {
    const res = await admin.fetch('/api/v1/admin/calendar/2027', { method: 'PUT', json: { nonWorkingWeekdays: ['2027-01-02', '2026-12-31', '2027-02-30'], workingWeekendDays: ['2027-01-04'] } });
    expect(res.status).toBe(400);
    const { error } = (await res.json()) as { error: string };
    expect(error).toContain('nonWorkingWeekdays[0]: a weekday Mon–Fri, got 2027-01-02');
    expect(error).toContain('nonWorkingWeekdays[1]: a date in 2027, got 2026-12-31');
    expect(error).toContain('nonWorkingWeekdays[2]: a date YYYY-MM-DD, got "2027-02-30"');
    expect(error).toContain('workingWeekendDays[0]: a Saturday or Sunday, got 2027-01-04');
    expect((await admin.fetch('/api/v1/admin/calendar/1999', { method: 'PUT', json: { nonWorkingWeekdays: [], workingWeekendDays: [] } })).status).toBe(400);
  });

  it('a year entered replaces the built-in one on every node until removed', async () => {
    const built = (await years(admin)).find((y) => y.year === 2027)!;
    // a made-up decree: New Year's week as built in, plus Friday 31 December off and Saturday 11 December working
    const decree = { decree: 'Постановление (тест)', nonWorkingWeekdays: [...built.nonWorkingWeekdays, '2027-12-31'], workingWeekendDays: ['2027-12-11'] };
    expect(isWorkingDay('2027-12-31')).toBe(true);
    const res = await admin.fetch('/api/v1/admin/calendar/2027', { method: 'PUT', json: decree });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ year: 2027, source: 'admin', provisional: false, decree: 'Постановление (тест)', changed: { by: 'admin' } });
    // both test nodes share this process's calendar, so the other node's own list is what shows it took the change
    await waitUntil(async () => (await years(adminOnOther)).find((y) => y.year === 2027)?.source === 'admin', 'the other node lists the decree');
    expect(isWorkingDay('2027-12-31')).toBe(false);
    expect(isWorkingDay('2027-12-11')).toBe(true);

    expect((await admin.fetch('/api/v1/admin/calendar/2027', { method: 'DELETE' })).status).toBe(204);
    expect(isWorkingDay('2027-12-31')).toBe(true);
    expect((await years(admin)).find((y) => y.year === 2027)).toMatchObject({ source: 'built-in', provisional: true });
    expect((await admin.fetch('/api/v1/admin/calendar/2027', { method: 'DELETE' })).status).toBe(404);
    const { entries } = await (await admin.fetch('/api/v1/admin/audit')).json();
    expect(entries.map((x: { action: string }) => x.action)).toEqual(expect.arrayContaining(['calendar.set', 'calendar.remove']));
  });
});
