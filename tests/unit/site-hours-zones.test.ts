/** A territorial unit in a second time zone (Khabarovsk, Asia/Vladivostok, UTC+10) beside the central office (UTC+11). */
import { describe, expect, it } from 'vitest';
import type { ObzorEvent } from '../../shared/events.js';
import { appealDeadline, appealFacts } from '../../server/domain/appeal-fold.js';
import { windowDueAt } from '../../server/domain/callback-window.js';
import type { SnapshotTable } from '../../server/domain/derived.js';
import { deriveEntity, entityOf } from '../../server/domain/entities.js';
import { bucketsOfLocalDay } from '../../server/domain/local-day.js';
import { buildSiteState } from '../../server/domain/site-state.js';
import { SiteConfig } from '../../server/domain/sites.js';
import type { AppealEvent } from '../../shared/events.js';

const central = SiteConfig.parse({ id: 'yuzhno-sakhalinsk', name: { ru: 'Южно-Сахалинск', en: 'Yuzhno-Sakhalinsk' }, hotlineHours: '24/7' });
const khabarovsk = SiteConfig.parse({
  id: 'khabarovsk',
  name: { ru: 'Хабаровск', en: 'Khabarovsk' },
  timeZone: 'Asia/Vladivostok',
  hours: { mon: '09:00-18:00', tue: '09:00-18:00', wed: '09:00-18:00', thu: '09:00-18:00', fri: '09:00-18:00' },
});

function stateOf(site: SiteConfig, events: ObzorEvent[], now: number) {
  const counters = new Map<number, Record<string, string>>();
  const live: Record<SnapshotTable, Record<string, string>> = { calls: {}, agents: {}, callbacks: {}, appeals: {}, conflicts: {}, lostCalls: {}, callers: {} };
  const groups = new Map<string, ObzorEvent[]>();
  for (const e of events) {
    const r = entityOf(e);
    groups.set(`${r.kind}:${r.id}`, [...(groups.get(`${r.kind}:${r.id}`) ?? []), { ...e, site: site.id }]);
  }
  for (const [k, list] of groups) {
    const d = deriveEntity(k.split(':')[0] as 'call', list, site);
    for (const [key, by] of Object.entries(d.counters)) {
      const [bucket, ...field] = key.split('|');
      const h = counters.get(Number(bucket)) ?? {};
      h[field.join('|')] = String(Number(h[field.join('|')] ?? 0) + by);
      counters.set(Number(bucket), h);
    }
    for (const [key, value] of Object.entries(d.live)) {
      const i = key.indexOf('|');
      live[key.slice(0, i) as SnapshotTable][key.slice(i + 1)] = value;
    }
  }
  return buildSiteState(site, { seq: 0, live, todayCounters: bucketsOfLocalDay(now, site.timeZone).map((b) => counters.get(b) ?? {}), now });
}

const queued = (callId: string, at: string): ObzorEvent => ({ id: `${callId}-q`, type: 'call.queued', at, site: '', callId, queue: 'hotline', line: 'hotline' });

describe('a site in a second time zone', () => {
  // 09:30 in Yuzhno-Sakhalinsk is 08:30 in Khabarovsk
  const instant = '2026-11-18T09:30:00+11:00';

  it('is open or closed by its own clock', () => {
    expect(stateOf(central, [], Date.parse(instant)).hours).toMatchObject({ open: true, hotlineOpen: true, hotline24x7: true });
    expect(stateOf(khabarovsk, [], Date.parse(instant)).hours).toMatchObject({
      open: false,
      nextChangeAt: Date.parse('2026-11-18T09:00:00+10:00'),
      hotlineOpen: false,
      hotline24x7: false,
      callbackWindowOpen: false,
      callbackWindowNextChangeAt: Date.parse('2026-11-18T09:00:00+10:00'),
    });
  });

  it('flags a hotline call while its hotline is closed (N8) — not at the central office, whose hotline is 24/7', () => {
    const events = [queued('z1', instant)];
    const now = Date.parse(instant) + 10_000;
    const kh = stateOf(khabarovsk, events, now);
    expect(kh.today.hotlineWhileClosed).toBe(1);
    // shown while the hotline is closed but not alarming (closed-lines.ts); amber once it opens at 09:00 local
    expect(kh.kpis.hotlineCallsWhileClosed).toMatchObject({ norm: 'N8', value: 1, status: 'closed' });
    expect(stateOf(khabarovsk, events, Date.parse('2026-11-18T09:00:00+10:00')).kpis.hotlineCallsWhileClosed).toMatchObject({ value: 1, status: 'warn' });
    expect(kh.calls[0]).toMatchObject({ callId: 'z1', outsideHours: true });
    const ys = stateOf(central, events, now);
    expect(ys.today.hotlineWhileClosed).toBe(0);
    expect(ys.calls[0]!.outsideHours).toBeUndefined();
  });

  it('counts "today" from its own midnight', () => {
    // 23:30 on the 18th in Khabarovsk = 00:30 on the 19th in Yuzhno-Sakhalinsk; now is 00:20 on the 19th in Khabarovsk
    const events = [queued('z2', '2026-11-18T23:30:00+10:00'), { id: 'z2-a', type: 'call.abandoned', at: '2026-11-18T23:31:00+10:00', site: '', callId: 'z2' } as ObzorEvent];
    const now = Date.parse('2026-11-19T00:20:00+10:00');
    expect(stateOf(khabarovsk, events, now).today.offered).toBe(0);
    expect(stateOf(central, events, now).today.offered).toBe(1);
  });

  it('waits for its own callback window and computes appeal deadlines in its own calendar days', () => {
    const w = khabarovsk.norms.callbackWindow;
    expect(windowDueAt(w, Date.parse('2026-11-18T18:00:00+10:00'), khabarovsk.timeZone)).toBe(Date.parse('2026-11-19T09:00:00+10:00'));
    // registered at 23:30 on Wed 18th local (Thu 19th in Sakhalin): 5 working days from the local date
    const reg: AppealEvent = { id: 'r', type: 'appeal.registered', at: '2026-11-18T23:30:00+10:00', site: '', appealId: 'a', channel: 'answering_machine', clientType: 'individual', replyVia: 'phone' };
    const f = appealFacts([reg]);
    expect(appealDeadline(f, khabarovsk.norms, khabarovsk.timeZone)).toBe(Date.parse('2026-11-25T23:59:59.999+10:00'));
    expect(appealDeadline(f, central.norms, central.timeZone)).toBe(Date.parse('2026-11-26T23:59:59.999+11:00'));
  });
});
