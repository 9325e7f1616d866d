/**
 * Every KPI against hand-computed values of one small, fixed event script (a Wednesday at the
 * central office), evaluated at two moments: 12:00 (unit and callback window open) and 20:00
 * (both closed, the hotline 24/7 still open). The script is folded by the real fold
 * (deriveEntity) and summed by the real state builder; only Redis is replaced by a map.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ObzorEvent } from '../../shared/events.js';
import { KPI_IDS, type KpiId } from '../../shared/kpi-rules.js';
import { centreKpis } from '../../server/domain/kpi/kpi-formulas.js';
import { SiteConfig } from '../../server/domain/sites.js';
import { ev, T0 } from '../helpers/event-factory.js';
import { foldInMemory } from '../helpers/fold-in-memory.js';

const SITE = SiteConfig.parse({ id: 'yuzhno-sakhalinsk', name: { ru: 'Южно-Сахалинск', en: 'Yuzhno-Sakhalinsk' }, hotlineHours: '24/7' });
const hot = { queue: 'hotline', line: 'hotline' } as const;
const bill = { queue: 'billing', line: 'direct' } as const;
const local = (iso: string) => `2026-11-${iso}+11:00`;

// T0 = Wed 2026-11-18 09:00 +11 (Asia/Sakhalin); offsets in seconds from it
export const SCRIPT: ObzorEvent[] = [
  // c1 — the contract's example: wait 31 s, ring 11 s, connect 40 s, handle 300 s, resolved
  ev('call.queued', 0, { callId: 'c1', ...hot }),
  ev('call.offered', 20, { callId: 'c1', agentId: 'op-7' }),
  ev('call.answered', 31, { callId: 'c1', agentId: 'op-7' }),
  ev('call.connected', 40, { callId: 'c1', specialistId: 'sp-1' }),
  ev('call.ended', 331, { callId: 'c1', outcome: 'resolved' }),
  // c2 — billing: op-1 rings 16 s (past 3), op-2 rings 18 s (past 3) and answers; wait 40, connect 60, handle 600, redirected
  ev('call.queued', 600, { callId: 'c2', ...bill }),
  ev('call.offered', 605, { callId: 'c2', agentId: 'op-1' }),
  ev('call.ring_no_answer', 621, { callId: 'c2', agentId: 'op-1' }),
  ev('call.offered', 622, { callId: 'c2', agentId: 'op-2' }),
  ev('call.answered', 640, { callId: 'c2', agentId: 'op-2' }),
  ev('call.connected', 660, { callId: 'c2', specialistId: 'sp-2' }),
  ev('call.ended', 1240, { callId: 'c2', outcome: 'redirected' }),
  // c3 — wait 10 s (within service level), no specialist (connect = answer, 10 s), handle 120 s, refused identification
  ev('call.queued', 1200, { callId: 'c3', ...hot }),
  ev('call.offered', 1205, { callId: 'c3', agentId: 'op-3' }),
  ev('call.answered', 1210, { callId: 'c3', agentId: 'op-3' }),
  ev('call.ended', 1330, { callId: 'c3', outcome: 'refused_identification' }),
  // c4 — hangs up after 3 s: a short abandon; c5 — hangs up after 60 s
  ev('call.queued', 1800, { callId: 'c4', ...hot }),
  ev('call.abandoned', 1803, { callId: 'c4' }),
  ev('call.queued', 2400, { callId: 'c5', ...bill }),
  ev('call.abandoned', 2460, { callId: 'c5' }),
  // c6 — wait 6, ring 4, connect 30, handle 900, abuse; promised a callback at 11:00 (N4)
  ev('call.queued', 3000, { callId: 'c6', ...hot }),
  ev('call.offered', 3002, { callId: 'c6', agentId: 'op-1' }),
  ev('call.answered', 3006, { callId: 'c6', agentId: 'op-1' }),
  ev('call.connected', 3030, { callId: 'c6', specialistId: 'sp-1' }),
  ev('call.callback_promised', 3100, { callId: 'c6', dueAt: local('18T11:00:00') }),
  ev('call.ended', 3906, { callId: 'c6', outcome: 'terminated_abuse' }),
  // c7 — waiting since 11:59:00; c8 — queued 11:58:20, ringing op-4 since 11:59:40
  ev('call.queued', 10_740, { callId: 'c7', ...bill }),
  ev('call.queued', 10_700, { callId: 'c8', ...hot }),
  ev('call.offered', 10_780, { callId: 'c8', agentId: 'op-4' }),
  // c9 — a direct-line call at 07:30, before the unit opens at 08:00 (N15): wait 10, ring 5, handle 400
  ev('call.queued', -5400, { callId: 'c9', ...bill }),
  ev('call.offered', -5395, { callId: 'c9', agentId: 'op-2' }),
  ev('call.answered', -5390, { callId: 'c9', agentId: 'op-2' }),
  ev('call.ended', -4990, { callId: 'c9', outcome: 'resolved' }),

  // ap1 — answering machine today 09:05, reply by phone: due in 5 working days (Wed 25th); return call due today 18:00
  ev('appeal.registered', 300, { appealId: 'ap1', channel: 'answering_machine', clientType: 'individual', replyVia: 'phone' }),
  ev('appeal.callback_scheduled', 310, { appealId: 'ap1', dueAt: local('18T18:00:00') }),
  // ap2 — registered Wed 11th: due today (end of the 18th); return call was due yesterday 20:00 (window closed) → due at 09:00 today
  { id: 'ap2-r', type: 'appeal.registered', at: local('11T10:00:00'), site: 'yuzhno-sakhalinsk', appealId: 'ap2', channel: 'answering_machine', clientType: 'individual', replyVia: 'phone' },
  { id: 'ap2-s', type: 'appeal.callback_scheduled', at: local('11T10:01:00'), site: 'yuzhno-sakhalinsk', appealId: 'ap2', dueAt: local('17T20:00:00') },
  // ap3 — a legal entity's letter with an explicit deadline yesterday 17:00: overdue
  { id: 'ap3-r', type: 'appeal.registered', at: '2026-10-01T10:00:00+11:00', site: 'yuzhno-sakhalinsk', appealId: 'ap3', channel: 'mail', clientType: 'legal', dueAt: local('17T17:00:00') },
  // ap4 — answering machine today, rejected: no client data (N9)
  ev('appeal.registered', 1800, { appealId: 'ap4', channel: 'answering_machine', clientType: 'individual' }),
  ev('appeal.rejected', 2400, { appealId: 'ap4', reason: 'no_client_data' }),
  // ap5 — registered Tue 10th (due Tue 17th), answered today 10:00: late
  { id: 'ap5-r', type: 'appeal.registered', at: local('10T10:00:00'), site: 'yuzhno-sakhalinsk', appealId: 'ap5', channel: 'phone', clientType: 'individual', replyVia: 'phone' },
  ev('appeal.answered', 3600, { appealId: 'ap5' }),
  // ap6 — interactive today 10:00, answered 11:00: on time
  ev('appeal.registered', 3600, { appealId: 'ap6', channel: 'interactive', clientType: 'individual' }),
  ev('appeal.answered', 7200, { appealId: 'ap6' }),
  // ap7 — answering machine today 11:30, reply by post (30 working days); return call tomorrow 10:00
  ev('appeal.registered', 9000, { appealId: 'ap7', channel: 'answering_machine', clientType: 'individual', replyVia: 'address' }),
  ev('appeal.callback_scheduled', 9010, { appealId: 'ap7', dueAt: local('19T10:00:00') }),
];

const NOON = Date.parse(local('18T12:00:00'));
const EVENING = Date.parse(local('18T20:00:00'));

type Row = [id: KpiId, noon: { value: number | null; status: string; num?: number; den?: number; breakdown?: Record<string, number> }, evening?: { value: number | null; status: string; breakdown?: Record<string, number> }];

// hand-computed from the script above (see the comments there)
const TABLE: Row[] = [
  // in 3 rings: c1, c3, c6, c9 of 5 answered (c2's answering ring lasted 18 s)
  ['answeredIn3Rings', { value: 4 / 5, num: 4, den: 5, status: 'alert' }],
  // c8 has been ringing 20 s > 15 s at noon (and still is at 20:00)
  ['ringingPast3Now', { value: 1, status: 'alert' }, { value: 1, status: 'alert' }],
  // c2's two rings, one each for op-1 and op-2
  ['ringsPast3Today', { value: 2, status: 'warn', breakdown: { 'op-1': 1, 'op-2': 1 } }],
  // within 20 s: c3, c6, c9 of answered 5 + abandoned 2 − short 1 = 6
  ['serviceLevel', { value: 3 / 6, num: 3, den: 6, status: 'alert' }],
  // (2 − 1) / 6
  ['abandonRate', { value: 1 / 6, num: 1, den: 6, status: 'alert' }],
  // (40 + 60 + 10 + 30 + 10) / 5
  ['connectAvg', { value: 30, num: 150, den: 5, status: 'ok' }],
  // (31 + 40 + 10 + 6 + 10) / 5
  ['asa', { value: 19.4, num: 97, den: 5, status: 'ok' }],
  // c8 since 11:58:20: 100 s at noon; 8 h 1 min 40 s at 20:00
  ['longestWait', { value: 100, status: 'alert' }, { value: 28_900, status: 'alert' }],
  // (300 + 600 + 120 + 900 + 400) / 5 = 464 s, inside 300–600
  ['handleAvg', { value: 464, num: 2320, den: 5, status: 'ok' }],
  ['callbacksPromised', { value: 1, status: 'ok' }],
  ['callbacksOpen', { value: 4, status: 'ok', breakdown: { call: 1, appeal: 3 } }, { value: 4, status: 'ok' }],
  // ap1's 18:00 at noon; at 20:00 nothing is due later today
  ['callbacksDueToday', { value: 1, status: 'warn', breakdown: { appeal: 1 } }, { value: 0, status: 'ok' }],
  // c6's 11:00 and ap2's (due yesterday 20:00 → 09:00 today); both still overdue at 20:00
  ['callbacksOverdue', { value: 2, status: 'alert', breakdown: { call: 1, appeal: 1 } }, { value: 2, status: 'alert' }],
  // at 20:00 ap1's 18:00 call fell due after the window closed at 17:30: it waits for 09:00
  ['callbacksWaitingWindow', { value: 0, status: 'ok' }, { value: 1, status: 'ok', breakdown: { appeal: 1 } }],
  ['callbackWindowOpen', { value: 1, status: 'ok' }, { value: 0, status: 'ok' }],
  // outcomes of 5 ended calls
  ['redirected', { value: 1 / 5, num: 1, den: 5, status: 'ok' }],
  ['refusedIdentification', { value: 1 / 5, num: 1, den: 5, status: 'ok' }],
  ['terminatedAbuse', { value: 1 / 5, num: 1, den: 5, status: 'ok' }],
  // ap1, ap2, ap3, ap7
  ['appealsOpen', { value: 4, status: 'ok', breakdown: { answering_machine: 3, mail: 1 } }],
  ['appealsDueToday', { value: 1, status: 'warn' }, { value: 1, status: 'warn' }],
  ['appealsOverdue', { value: 1, status: 'alert' }, { value: 1, status: 'alert' }],
  // ap5 late, ap6 on time
  ['appealsAnsweredLate', { value: 1 / 2, num: 1, den: 2, status: 'alert' }],
  ['appealsRejected', { value: 1, status: 'ok', breakdown: { no_client_data: 1 } }],
  // registered today: ap1, ap4, ap7 (answering machine), ap6 (interactive)
  ['appealsByChannel', { value: 4, status: 'ok', breakdown: { 'answering_machine:individual': 3, 'interactive:individual': 1 } }],
  ['unitOpen', { value: 1, status: 'ok' }, { value: 0, status: 'ok' }],
  ['hotlineOpen', { value: 1, status: 'ok' }, { value: 1, status: 'ok' }],
  ['hotlineCallsWhileClosed', { value: 0, status: 'ok' }],
  // c9 at 07:30
  ['directCallsWhileClosed', { value: 1, status: 'warn' }],
];

const state = foldInMemory(SITE, SCRIPT);
const atNoon = state(NOON);
const atEvening = state(EVENING);

describe('KPIs of the fixed script', () => {
  it('covers every KPI', () => {
    expect(TABLE.map((r) => r[0]).sort()).toEqual([...KPI_IDS].sort());
  });

  it.each(TABLE)('%s', (id, noon, evening) => {
    const k = atNoon.kpis[id];
    expect(k.id).toBe(id);
    expect(k.value).toBeCloseTo(noon.value!, 9);
    expect(k.status).toBe(noon.status);
    if (noon.num !== undefined) expect([k.num, k.den]).toEqual([noon.num, noon.den]);
    if (noon.breakdown) expect(k.breakdown).toEqual(noon.breakdown);
    if (evening) {
      const e = atEvening.kpis[id];
      expect(e.value).toBeCloseTo(evening.value!, 9);
      expect(e.status).toBe(evening.status);
      if (evening.breakdown) expect(e.breakdown).toEqual(evening.breakdown);
    }
  });

  it('names the norm, the target and the thresholds of each', () => {
    expect(atNoon.kpis.connectAvg).toMatchObject({ norm: 'N2', unit: 'seconds', target: 40, thresholds: { warnAbove: 40, alertAbove: 60 } });
    expect(atNoon.kpis.handleAvg).toMatchObject({ norm: 'N3', target: 300, targetMax: 600 });
    expect(atNoon.kpis.answeredIn3Rings).toMatchObject({ norm: 'N1', unit: 'ratio', target: 1 });
    expect(atNoon.kpis.appealsRejected.norm).toBe('N9');
    expect(atNoon.kpis.appealsByChannel.norm).toBe('N14');
    expect(atNoon.kpis.callbacksWaitingWindow.norm).toBe('N11');
    expect(atNoon.kpis.hotlineOpen.norm).toBe('N8');
    expect(atNoon.kpis.unitOpen.norm).toBe('N15');
  });

  it('per queue: hotline 3 of 3 answered in 3 rings, billing 1 of 2', () => {
    const q = (name: string) => atNoon.queues.find((x) => x.queue === name)!;
    expect(q('hotline').kpis.answeredIn3Rings).toMatchObject({ value: 1, status: 'ok' });
    expect(q('billing').kpis.answeredIn3Rings).toMatchObject({ value: 0.5, status: 'alert' });
    expect(q('hotline').kpis.ringingPast3Now?.value).toBe(1);
    expect(q('billing').kpis.longestWait?.value).toBe(60);
    expect(q('billing').kpis.directCallsWhileClosed?.value).toBe(1);
    expect(q('billing').today.redirected).toBe(1);
  });

  it('lists the calls ringing past 3 rings and the rings past 3 per operator', () => {
    expect(atNoon.ringingPast3).toEqual([{ callId: 'c8', queue: 'hotline', agentId: 'op-4', ringStart: T0 + 10_780_000, pastLimitAt: T0 + 10_795_000 }]);
    expect(atNoon.ringsPast3ByAgent).toEqual([
      { agentId: 'op-1', count: 1 },
      { agentId: 'op-2', count: 1 },
    ]);
  });

  it('states of the backlog by due time, and hours open now with the next change', () => {
    expect(Object.fromEntries(atNoon.callbacks.map((c) => [c.ref, c.state]))).toEqual({ 'call:c6': 'overdue', 'appeal:ap1': 'due_today', 'appeal:ap2': 'overdue', 'appeal:ap7': 'later' });
    expect(atNoon.callbacks.find((c) => c.ref === 'appeal:ap2')?.windowDueAt).toBe(Date.parse(local('18T09:00:00')));
    expect(atEvening.callbacks.find((c) => c.ref === 'appeal:ap1')).toMatchObject({ state: 'waiting_window', windowDueAt: Date.parse(local('19T09:00:00')) });
    expect(Object.fromEntries(atNoon.appeals.map((a) => [a.appealId, a.state]))).toEqual({ ap1: 'later', ap2: 'due_today', ap3: 'overdue', ap7: 'later' });
    expect(atNoon.hours).toEqual({
      open: true,
      nextChangeAt: Date.parse(local('18T17:00:00')),
      hotlineOpen: true,
      hotline24x7: true,
      callbackWindowOpen: true,
      callbackWindowNextChangeAt: Date.parse(local('18T17:30:00')),
    });
    expect(atEvening.hours).toMatchObject({ open: false, nextChangeAt: Date.parse(local('19T08:00:00')), callbackWindowOpen: false, callbackWindowNextChangeAt: Date.parse(local('19T09:00:00')) });
  });

  it('the centre sums the sites: ratios by numerator and denominator, counts added, the longest wait the largest', () => {
    const other = foldInMemory({ ...SITE, id: 'kholmsk' }, [
      ev('call.queued', 0, { callId: 'k1', ...hot }, { site: 'kholmsk' }),
      ev('call.offered', 2, { callId: 'k1', agentId: 'op-1' }, { site: 'kholmsk' }),
      ev('call.answered', 4, { callId: 'k1', agentId: 'op-1' }, { site: 'kholmsk' }),
      ev('call.ended', 304, { callId: 'k1' }, { site: 'kholmsk' }),
    ])(NOON);
    const centre = centreKpis([atNoon, other]);
    expect(centre.answeredIn3Rings).toMatchObject({ num: 5, den: 6, status: 'alert' });
    expect(centre.answeredIn3Rings.value).toBeCloseTo(5 / 6);
    expect(centre.connectAvg).toMatchObject({ num: 154, den: 6 });
    expect(centre.ringsPast3Today).toMatchObject({ value: 2, breakdown: { 'op-1': 1, 'op-2': 1 } });
    expect(centre.longestWait.value).toBe(100);
    expect(centre.appealsOpen.value).toBe(4);
    expect(centre.unitOpen.value).toBe(1);
  });

  it('any arrival order of the script gives the same KPIs (the fold is a function of the set)', () => {
    fc.assert(
      fc.property(fc.shuffledSubarray(SCRIPT, { minLength: SCRIPT.length, maxLength: SCRIPT.length }), (perm) => {
        expect(foldInMemory(SITE, perm)(NOON)).toEqual(atNoon);
      }),
      { numRuns: 100 },
    );
  });
});
