/**
 * N8/N15 through the real server (real Redis with its own prefix, real HTTP): a unit outside its
 * hours shows its call figures as `closed`, not alarming, while an overdue callback still alarms;
 * at opening time the callers still waiting alarm again. The server's clock is injected
 * (`config.clock`, the system's shifted to the hour wanted: it runs on); the day is two days
 * back, so every event lies in the real past.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DateTime } from 'luxon';
import type { ObzorEvent } from '../../shared/events.js';
import type { Kpi } from '../../shared/kpi.js';
import type { Snapshot } from '../../shared/snapshot.js';
import { SiteConfig } from '../../server/domain/sites.js';
import { startTestApp, type TestApp } from '../helpers/start-app.js';

const ZONE = 'Asia/Sakhalin';
const EVERY_DAY = { mon: '08:00-17:00', tue: '08:00-17:00', wed: '08:00-17:00', thu: '08:00-17:00', fri: '08:00-17:00', sat: '08:00-17:00', sun: '08:00-17:00', calendar: 'weekly' };
const UNIT = SiteConfig.parse({ id: 'kholmsk', name: { ru: 'Холмск', en: 'Kholmsk' }, timeZone: ZONE, hours: EVERY_DAY });
const DAY = DateTime.now().setZone(ZONE).startOf('day').minus({ days: 2 });
const at = (hhmm: string, plusDays = 0) => {
  const [h, m] = hhmm.split(':').map(Number);
  return DAY.plus({ days: plusDays }).set({ hour: h!, minute: m! }).toMillis();
};
const iso = (ms: number) => new Date(ms).toISOString();
let n = 0;
const e = (type: ObzorEvent['type'], ms: number, body: Record<string, unknown>) => ({ id: `closed-${++n}`, type, at: iso(ms), site: 'kholmsk', ...body });
const bill = { queue: 'billing', line: 'direct' };
const hot = { queue: 'hotline', line: 'hotline' };

/** the server's clock runs on from the moment set */
let shift = 0;
const setClock = (ms: number) => {
  shift = ms - Date.now();
};
let app: TestApp;

beforeAll(async () => {
  setClock(at('20:00'));
  app = await startTestApp({ sites: [UNIT], clock: () => Date.now() + shift });
  const events = [
    // a bad morning: billing waits 100 s and rings 20 s; a hotline caller hangs up after 60 s
    e('call.queued', at('10:00'), { callId: 'd1', ...bill }),
    e('call.offered', at('10:00') + 80_000, { callId: 'd1', agentId: 'op-1' }),
    e('call.answered', at('10:00') + 100_000, { callId: 'd1', agentId: 'op-1' }),
    e('call.callback_promised', at('10:00') + 150_000, { callId: 'd1', dueAt: iso(at('16:00')) }),
    e('call.ended', at('10:00') + 160_000, { callId: 'd1', outcome: 'callback' }),
    e('call.queued', at('11:00'), { callId: 'd2', ...hot }),
    e('call.abandoned', at('11:00') + 60_000, { callId: 'd2' }),
    // after 17:00: a billing caller waits since 19:50, a hotline call rings op-2 since 19:59
    e('call.queued', at('19:50'), { callId: 'n2', ...bill }),
    e('call.queued', at('19:55'), { callId: 'n3', ...hot }),
    e('call.offered', at('19:59'), { callId: 'n3', agentId: 'op-2' }),
  ];
  const res = await app.post(events);
  expect(res.status).toBe(200);
  expect(res.json.results.filter((r: { status: string }) => r.status !== 'accepted')).toEqual([]);
});

afterAll(async () => {
  await app?.close();
});

async function snapshot(): Promise<Snapshot> {
  const res = await app.wallFetch('/api/v1/snapshot?site=kholmsk');
  expect(res.status).toBe(200);
  return (await res.json()) as Snapshot;
}

const alarming = (kpis: Partial<Record<string, Kpi>>) =>
  Object.values(kpis)
    .filter((k) => k && (k.status === 'warn' || k.status === 'alert'))
    .map((k) => k!.id)
    .sort();

describe('a unit outside its hours, through the server', () => {
  it('at 20:00 its call figures are `closed`; only the overdue callback alarms, for the site and the centre', async () => {
    setClock(at('20:00'));
    const snap = await snapshot();
    const s = snap.sites[0]!;
    expect(s.hours).toMatchObject({ open: false, hotlineOpen: false, nextChangeAt: at('08:00', 1) });
    expect(alarming(s.kpis)).toEqual(['callbacksOverdue']);
    expect(s.kpis.longestWait.status).toBe('closed');
    // the value is still the truth: the night caller has waited 10 min (and the moments since)
    expect(s.kpis.longestWait.value).toBeGreaterThanOrEqual(600);
    expect(s.kpis.ringingPast3Now).toMatchObject({ value: 1, status: 'closed' });
    expect(s.kpis.answeredIn3Rings).toMatchObject({ value: 0, status: 'closed' });
    expect(s.kpis.abandonRate.status).toBe('closed');
    for (const q of s.queues) expect(alarming(q.kpis), q.queue).toEqual([]);
    expect(alarming(snap.kpis!)).toEqual(['callbacksOverdue']);
    expect(snap.kpis!.longestWait.status).toBe('closed');
  });

  it('at 08:00 it opens: the callers still waiting, and the ring past 3 rings, alarm again', async () => {
    setClock(at('08:00', 1));
    const s = (await snapshot()).sites[0]!;
    expect(s.hours.open).toBe(true);
    expect(s.kpis.longestWait.status).toBe('alert');
    expect(s.kpis.ringingPast3Now.status).toBe('alert');
    expect(s.queues.map((q) => [q.queue, q.kpis.longestWait?.status])).toEqual([
      ['billing', 'alert'],
      ['hotline', 'alert'],
    ]);
    // a minute earlier it was still closed
    setClock(at('07:59', 1));
    expect((await snapshot()).sites[0]!.kpis.longestWait.status).toBe('closed');
  });
});
