/**
 * Issue 16, item 3 through the real API on a real Redis: a manager opens, notes and closes an
 * incident; every wall shows it (the note, never who wrote it) and the site is judged by its storm
 * profile while it is open; an outage system may post incidents in its own name; and the surge
 * alarm opens one by itself when a queue's calls jump, once per surge.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SiteConfig } from '../../server/domain/sites.js';
import type { SiteState, Snapshot } from '../../shared/snapshot.js';
import { ev, T0 } from '../helpers/event-factory.js';
import { startTestApp, type Session, type TestApp } from '../helpers/start-app.js';

const MIN = 60_000;
const OKHA = SiteConfig.parse({
  id: 'okha',
  name: { ru: 'Оха', en: 'Okha' },
  hours: '24/7',
  hotlineHours: '24/7',
  // in a storm a caller waiting 5 minutes is expected, not an alarm
  stormThresholds: { longestWait: { warnAbove: 600, alertAbove: 1200 } },
});
const KORSAKOV = SiteConfig.parse({ id: 'korsakov', name: { ru: 'Корсаков', en: 'Korsakov' }, hours: '24/7', hotlineHours: '24/7' });

let now = T0 + 3 * 3_600_000;
let app: TestApp;
let manager: Session;
let duty: Session;

const siteOf = (snap: Snapshot, site: string) => snap.sites.find((s) => s.site === site) as SiteState;
const wallSite = async (site: string) => siteOf((await (await app.wallFetch('/api/v1/snapshot')).json()) as Snapshot, site);
const managerSite = async (site: string) => siteOf((await (await manager.fetch('/api/v1/snapshot')).json()) as Snapshot, site);

beforeAll(async () => {
  app = await startTestApp({ sites: [OKHA, KORSAKOV], clock: () => now });
  manager = await app.login('manager');
  duty = await app.login('duty');
  // a caller waiting five minutes at Okha: past N2's 80 s alert limit on an ordinary day
  const res = await app.post([ev('call.queued', -300, { callId: 'wait-1', queue: 'hotline', line: 'hotline' }, { site: 'okha', base: now })]);
  expect(res.json.results[0].status).toBe('accepted');
});
afterAll(async () => {
  await app?.close();
});

describe('an incident opened by a manager', () => {
  let incidentId = '';

  it('refuses what is wrong in words, and roles that may not act', async () => {
    const empty = await manager.fetch('/api/v1/incidents/okha', { method: 'POST', json: { kind: 'outage', title: '   ' } });
    expect(empty.status).toBe(400);
    expect((await empty.json()).error).toMatch(/title/);
    const kind = await manager.fetch('/api/v1/incidents/okha', { method: 'POST', json: { kind: 'storm', title: 'x' } });
    expect((await kind.json()).error).toBe("kind: expected \"outage\" | \"surge\" | \"other\", got string \"storm\"");
    expect((await duty.fetch('/api/v1/incidents/okha', { method: 'POST', json: { kind: 'outage', title: 'x' } })).status).toBe(403);
    expect((await manager.fetch('/api/v1/incidents/nowhere', { method: 'POST', json: { kind: 'outage', title: 'x' } })).status).toBe(404);
    expect((await wallSite('okha')).incidents).toEqual([]);
  });

  it('is on every wall with the storm profile in effect', async () => {
    expect((await wallSite('okha')).kpis.longestWait.status).toBe('alert');
    const headers = { 'idempotency-key': 'click-1' };
    const res = await manager.fetch('/api/v1/incidents/okha', { method: 'POST', headers, json: { kind: 'outage', title: 'Отключение в Корсакове, ТП-12' } });
    expect(res.status).toBe(201);
    const body = await res.json();
    incidentId = body.incidentId;
    expect(body).toMatchObject({ status: 'applied', site: 'okha', incident: { kind: 'outage', title: 'Отключение в Корсакове, ТП-12', openedBy: 'manager', notes: [] } });
    // the retried click is the same incident
    const again = await manager.fetch('/api/v1/incidents/okha', { method: 'POST', headers, json: { kind: 'outage', title: 'Отключение в Корсакове, ТП-12' } });
    expect(await again.json()).toMatchObject({ status: 'duplicate', incidentId });

    const wall = await wallSite('okha');
    expect(wall.incidents).toHaveLength(1);
    expect(wall.incidents![0]).toMatchObject({ incidentId, kind: 'outage', title: 'Отключение в Корсакове, ТП-12', openedAt: now });
    expect(wall.incidents![0]!.openedBy).toBeUndefined();
    expect(wall.storm).toBe(true);
    expect(wall.kpis.longestWait.status).toBe('ok');
    // a site without a storm profile keeps its limits, and another site has no banner
    expect((await wallSite('korsakov')).incidents).toEqual([]);
  });

  it('takes notes, newest first; the wall gets the note, not its author', async () => {
    now += MIN;
    const r1 = await manager.fetch(`/api/v1/incidents/okha/${incidentId}/note`, { method: 'POST', json: { note: 'Бригада выехала' } });
    expect(r1.status).toBe(200);
    now += MIN;
    await manager.fetch(`/api/v1/incidents/okha/${incidentId}/note`, { method: 'POST', json: { note: 'Восстановление до 18:00' } });
    expect((await wallSite('okha')).incidents![0]!.notes).toEqual([
      { at: now, note: 'Восстановление до 18:00' },
      { at: now - MIN, note: 'Бригада выехала' },
    ]);
    expect((await managerSite('okha')).incidents![0]!.notes[0]).toMatchObject({ by: 'manager' });
    const bad = await manager.fetch(`/api/v1/incidents/okha/${incidentId}/note`, { method: 'POST', json: { note: '' } });
    expect(bad.status).toBe(400);
    expect((await manager.fetch(`/api/v1/incidents/okha/${incidentId}/shout`, { method: 'POST', json: {} })).status).toBe(400);
  });

  it('ends when a manager closes it: the banner goes and the everyday limits are back', async () => {
    const res = await manager.fetch(`/api/v1/incidents/okha/${incidentId}/close`, { method: 'POST', json: {} });
    expect(await res.json()).toMatchObject({ status: 'applied', incident: null });
    const wall = await wallSite('okha');
    expect(wall.incidents).toEqual([]);
    expect(wall.storm).toBeUndefined();
    expect(wall.kpis.longestWait.status).toBe('alert');
    const late = await manager.fetch(`/api/v1/incidents/okha/${incidentId}/note`, { method: 'POST', json: { note: 'ещё' } });
    expect(late.status).toBe(409);
    expect((await late.json()).error).toMatch(/already closed by manager/);
    expect((await manager.fetch('/api/v1/incidents/okha/inc-none/close', { method: 'POST', json: {} })).status).toBe(404);
  });
});

describe('an incident posted by an outage system', () => {
  it('goes through the ingest API in the sender’s own name, never a manager’s', async () => {
    const res = await app.post([ev('incident.opened', 0, { incidentId: 'crm-77', kind: 'outage', title: 'ТП-3: плановое отключение', actor: 'manager' }, { site: 'korsakov', base: now })]);
    expect(res.json.results[0].status).toBe('accepted');
    const site = await managerSite('korsakov');
    expect(site.incidents![0]).toMatchObject({ incidentId: 'crm-77', openedBy: 'source:test-feed' });
    // no storm profile at Korsakov: the banner, but the same limits
    expect(site.storm).toBeUndefined();
    const bad = await app.post([ev('incident.noted', 0, { incidentId: 'crm-77', note: '' }, { site: 'korsakov', base: now })]);
    expect(bad.json.results[0]).toMatchObject({ status: 'rejected', error: expect.stringMatching(/note/) });
    await app.post([ev('incident.closed', 0, { incidentId: 'crm-77' }, { site: 'korsakov', base: now })]);
    expect((await managerSite('korsakov')).incidents).toEqual([]);
  });
});

describe('the surge alarm', () => {
  const tick = async () => {
    // one node a minute per site: the lock of this minute is let go, as the next minute would
    for (const s of ['okha', 'korsakov']) await app.redis.del(app.keys.surgeLock(s));
    return app.surgeWatch.tick();
  };

  it('stays quiet at the usual rate, opens one incident when the calls jump, and not again while they pour in', async () => {
    // Korsakov's hotline: one call a minute for 80 minutes
    const start = now - 80 * MIN;
    const calls = [];
    for (let m = 0; m < 80; m++) calls.push(ev('call.queued', 0, { callId: `flat-${m}`, queue: 'hotline', line: 'hotline' }, { site: 'korsakov', base: start + m * MIN + 1000 }));
    await app.post(calls);
    expect(await tick()).toEqual([]);
    const flat = (await managerSite('korsakov')).queues.find((q) => q.queue === 'hotline')!.surge!;
    expect(flat).toMatchObject({ baseline: 'earlier-today', surge: false, windowMin: 10 });

    // then six a minute for five minutes
    const step = [];
    for (let m = 0; m < 5; m++) for (let k = 0; k < 6; k++) step.push(ev('call.queued', 0, { callId: `surge-${m}-${k}`, queue: 'hotline', line: 'hotline' }, { site: 'korsakov', base: now + m * MIN + 1000 + k * 5000 }));
    now += 5 * MIN;
    await app.post(step);
    const opened = await tick();
    expect(opened).toHaveLength(1);
    expect(opened[0]).toMatchObject({ site: 'korsakov', queue: 'hotline' });
    const site = await wallSite('korsakov');
    expect(site.queues.find((q) => q.queue === 'hotline')!.surge).toMatchObject({ surge: true });
    expect(site.incidents).toEqual([expect.objectContaining({ kind: 'surge', queue: 'hotline', incidentId: opened[0]!.incidentId, windowMin: 5 })]);
    expect(site.incidents![0]!.ratio).toBeGreaterThan(2.5);
    expect(await tick()).toEqual([]);

    // a manager ends it while the calls still pour in: it stays closed
    await manager.fetch(`/api/v1/incidents/korsakov/${opened[0]!.incidentId}/close`, { method: 'POST', json: {} });
    expect(await tick()).toEqual([]);
    expect((await wallSite('korsakov')).incidents).toEqual([]);
    expect(await app.redis.hget(app.keys.surgeAlarm('korsakov'), 'hotline')).toBe(opened[0]!.incidentId);

    // twenty quiet minutes: the alarm is armed again
    now += 20 * MIN;
    expect(await tick()).toEqual([]);
    expect((await managerSite('korsakov')).queues.find((q) => q.queue === 'hotline')!.surge!.surge).toBe(false);
    expect(await app.redis.hget(app.keys.surgeAlarm('korsakov'), 'hotline')).toBeNull();
  });
});
