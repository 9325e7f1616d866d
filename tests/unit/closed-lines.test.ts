/**
 * N8/N15: outside its hours a line is closed and nobody is meant to answer it, so the KPIs of
 * its calls rest (status `closed`) instead of alarming; what must still alarm does. A
 * territorial unit (Mon–Fri 08:00–17:00, hotline the same hours) on Wednesday 2026-11-25,
 * folded by the real fold and state builder, read at 20:00 (closed) and at 08:00 next morning.
 */
import { describe, expect, it } from 'vitest';
import type { ObzorEvent } from '../../shared/events.js';
import type { Kpi } from '../../shared/kpi.js';
import { combineKpi, KPI_IDS, kpiAt, type KpiId } from '../../shared/kpi-rules.js';
import { siteAlarm } from '../../client/src/domain/site-alarm.js';
import { levelOf } from '../../client/src/domain/kpi-display.js';
import { queueRows } from '../../client/src/domain/queue-rows.js';
import { RESTS_WHILE_CLOSED } from '../../server/domain/kpi/closed-lines.js';
import { SiteConfig } from '../../server/domain/sites.js';
import { ev } from '../helpers/event-factory.js';
import { foldInMemory } from '../helpers/fold-in-memory.js';

const UNIT = SiteConfig.parse({ id: 'kholmsk', name: { ru: 'Холмск', en: 'Kholmsk' } });
const CENTRAL = SiteConfig.parse({ id: 'yuzhno-sakhalinsk', name: { ru: 'Южно-Сахалинск', en: 'Yuzhno-Sakhalinsk' }, hotlineHours: '24/7' });
const hot = { queue: 'hotline', line: 'hotline' } as const;
const bill = { queue: 'billing', line: 'direct' } as const;
const DAY = Date.parse('2026-11-25T00:00:00+11:00');
const at = (hhmm: string, day = '25') => Date.parse(`2026-11-${day}T${hhmm}:00+11:00`);
/** `hh:mm` (+ seconds) of the 25th as an event offset */
const t = (hhmm: string, s = 0) => (at(hhmm) - DAY) / 1000 + s;
const on = (site: string) => ({ base: DAY, site });

/** a bad day in hours, then calls after closing that nobody answers */
function script(site: string, extra: ObzorEvent[] = []): ObzorEvent[] {
  const o = on(site);
  return [
    // 10:00 billing: waits 100 s, rings 20 s (past 3 rings), answered → N1 share 0, service level 0, ASA and connect 100 s
    ev('call.queued', t('10:00'), { callId: 'd1', ...bill }, o),
    ev('call.offered', t('10:00', 80), { callId: 'd1', agentId: 'op-1' }, o),
    ev('call.answered', t('10:00', 100), { callId: 'd1', agentId: 'op-1' }, o),
    ev('call.ended', t('10:00', 160), { callId: 'd1', outcome: 'resolved' }, o),
    // 11:00 hotline: hangs up after 60 s → abandon rate
    ev('call.queued', t('11:00'), { callId: 'd2', ...hot }, o),
    ev('call.abandoned', t('11:00', 60), { callId: 'd2' }, o),
    // a callback promised for 16:00: due in the window (09:00–17:30), not made → overdue (N4)
    ev('call.callback_promised', t('10:00', 150), { callId: 'd1', dueAt: new Date(at('16:00')).toISOString() }, o),
    // after closing: 18:00 hotline, hangs up; 19:50 billing, waits; 19:55 hotline, rings op-2 from 19:59
    ev('call.queued', t('18:00'), { callId: 'n1', ...hot }, o),
    ev('call.abandoned', t('18:00', 60), { callId: 'n1' }, o),
    ev('call.queued', t('19:50'), { callId: 'n2', ...bill }, o),
    ev('call.queued', t('19:55'), { callId: 'n3', ...hot }, o),
    ev('call.offered', t('19:59'), { callId: 'n3', agentId: 'op-2' }, o),
    ...extra,
  ];
}

const alarming = (k: Kpi | undefined) => k !== undefined && (k.status === 'warn' || k.status === 'alert');
const alarmingIds = (kpis: Partial<Record<KpiId, Kpi>>) => KPI_IDS.filter((id) => alarming(kpis[id]));

describe('a closed unit: its lines rest', () => {
  const state = foldInMemory(UNIT, script('kholmsk'));

  it('before the rule, these alarmed at 20:00: every call figure of the day, the night waits and rings, the after-hours counters', () => {
    expect(Object.keys(RESTS_WHILE_CLOSED).sort()).toEqual(
      ['abandonRate', 'answeredIn3Rings', 'asa', 'connectAvg', 'directCallsWhileClosed', 'handleAvg', 'hotlineCallsWhileClosed', 'longestWait', 'ringingPast3Now', 'ringsPast3Today', 'serviceLevel'].sort(),
    );
  });

  it('at 20:00 only the overdue callback alarms; the line figures are `closed` with their values kept', () => {
    const s = state(at('20:00'));
    expect(s.hours).toMatchObject({ open: false, hotlineOpen: false, nextChangeAt: at('08:00', '26') });
    expect(alarmingIds(s.kpis)).toEqual(['callbacksOverdue']);
    for (const id of ['answeredIn3Rings', 'serviceLevel', 'abandonRate', 'asa', 'connectAvg', 'ringsPast3Today', 'ringingPast3Now', 'longestWait', 'hotlineCallsWhileClosed', 'directCallsWhileClosed'] as const) {
      expect(s.kpis[id].status, id).toBe('closed');
    }
    // the values are still the truth: the night caller has waited 10 min, one is ringing past 3 rings
    expect(s.kpis.longestWait.value).toBe(600);
    expect(s.kpis.ringingPast3Now.value).toBe(1);
    expect(s.kpis.hotlineCallsWhileClosed.value).toBe(2);
    expect(s.kpis.directCallsWhileClosed.value).toBe(1);
    for (const q of s.queues) expect(alarmingIds(q.kpis), q.queue).toEqual([]);
  });

  it('screens draw it calm: ticking on keeps `closed`; the site strip says closed and names only the callback', () => {
    const s = state(at('20:00'));
    const later = at('20:05');
    expect(kpiAt(s.kpis.longestWait, 900).status).toBe('closed');
    expect(levelOf('closed')).toBe('ok');
    expect(queueRows([s], later).map((r) => r.level)).toEqual(['ok', 'ok']);
    expect(siteAlarm(s, later)).toMatchObject({ level: 'alarm', issue: { kind: 'callbacks', count: 1 }, closed: { opensAt: at('08:00', '26') } });
    const calm = foldInMemory(UNIT, script('kholmsk').filter((e) => e.type !== 'call.callback_promised'))(at('20:00'));
    expect(siteAlarm(calm, later)).toEqual({ site: 'kholmsk', level: 'ok', closed: { opensAt: at('08:00', '26') } });
  });

  it('an escalation nobody accepted still alarms while closed (N13)', () => {
    const o = on('kholmsk');
    const s = foldInMemory(UNIT, [
      ...script('kholmsk'),
      ev('conflict.raised', t('19:00'), { conflictId: 'x1', agentId: 'op-2', summary: 'угрозы' }, o),
      ev('conflict.escalated', t('19:01'), { conflictId: 'x1' }, o),
    ])(at('20:00'));
    expect(siteAlarm(s, at('20:00')).issue?.kind).toBe('escalation');
  });

  it('a caller who was waiting when the unit closed is still owed an answer: that wait alarms', () => {
    const o = on('kholmsk');
    const upTo = (e: ObzorEvent) => Date.parse(e.at) <= at('17:10');
    const s = foldInMemory(UNIT, [...script('kholmsk'), ev('call.queued', t('16:58'), { callId: 'late', ...bill }, o)].filter(upTo))(at('17:10'));
    expect(s.hours.open).toBe(false);
    expect(s.kpis.longestWait).toMatchObject({ value: 720, status: 'alert' });
    expect(s.queues.find((q) => q.queue === 'billing')!.kpis.longestWait).toMatchObject({ value: 720, status: 'alert' });
    // the day's figures rest all the same
    expect(s.kpis.answeredIn3Rings.status).toBe('closed');
  });

  it('at 08:00 the unit opens: the callers still waiting alarm again', () => {
    const s = state(at('08:00', '26'));
    expect(s.hours.open).toBe(true);
    expect(s.kpis.longestWait.status).toBe('alert');
    expect(s.kpis.ringingPast3Now.status).toBe('alert');
    expect(s.queues.find((q) => q.queue === 'billing')!.kpis.longestWait?.status).toBe('alert');
    expect(siteAlarm(s, at('08:00', '26')).level).toBe('alarm');
  });
});

describe('the central office at night: the hotline (24/7) is open, the direct lines are closed', () => {
  const s = foldInMemory(CENTRAL, script('yuzhno-sakhalinsk'))(at('20:00'));

  it('the hotline and the site as a whole are judged as ever', () => {
    expect(s.hours).toMatchObject({ open: false, hotlineOpen: true });
    // n3 rings past 3 rings on the open hotline
    expect(s.kpis.ringingPast3Now.status).toBe('alert');
    expect(s.queues.find((q) => q.queue === 'hotline')!.kpis.ringingPast3Now?.status).toBe('alert');
    expect(s.kpis.answeredIn3Rings.status).toBe('alert');
    // nothing came to the hotline while closed: it never is
    expect(s.kpis.hotlineCallsWhileClosed).toMatchObject({ value: 0, status: 'ok' });
    expect(s.kpis.directCallsWhileClosed).toMatchObject({ value: 1, status: 'closed' });
  });

  it('the direct-line queue rests: its night caller waits, not alarming', () => {
    const billing = s.queues.find((q) => q.queue === 'billing')!;
    expect(billing.kpis.longestWait).toMatchObject({ value: 600, status: 'closed' });
    expect(billing.kpis.answeredIn3Rings?.status).toBe('closed');
    expect(alarmingIds(billing.kpis)).toEqual([]);
  });
});

describe('several sites together', () => {
  const k = (status: Kpi['status'], num: number, den: number): Kpi => ({ id: 'abandonRate', norm: 'N1', unit: 'ratio', value: num / den, target: 0.05, status, thresholds: { warnAbove: 0.05, alertAbove: 0.1 }, num, den });

  it('rest when every part rests; else are judged by the parts that do not', () => {
    expect(combineKpi('abandonRate', [k('closed', 5, 10), k('closed', 0, 10)]).status).toBe('closed');
    // the closed site's night abandons (5 of 10) do not turn the open site's 0 of 10 red; the value is both
    const both = combineKpi('abandonRate', [k('closed', 5, 10), k('ok', 0, 10)]);
    expect(both).toMatchObject({ value: 0.25, status: 'ok' });
    expect(combineKpi('abandonRate', [k('closed', 0, 10), k('alert', 5, 10)]).status).toBe('alert');
  });
});
