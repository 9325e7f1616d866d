/**
 * The counter vocabulary is one table (shared/counters.ts): the folds write only its counters,
 * the sums read them back by the same names into the totals fields of the same names, the
 * DayTotals and history schemas are its fields, and the names written before the table are
 * still read (legacy, read only) — so an upgrade does not zero a running centre's day.
 */
import { describe, expect, it } from 'vitest';
import { bucketOf } from '../../shared/buckets.js';
import { agentCounterField, appealCounterField, COUNTERS, conflictCounterField, HISTORY_COUNTERS, isRollupOnlyField, queueCounterField, readArrivalMinuteField, readCounterField, TOTALS_FIELDS, type CounterName } from '../../shared/counters.js';
import { emptyTotals } from '../../shared/day-totals.js';
import type { ObzorEvent } from '../../shared/events.js';
import { HistoryInterval } from '../../shared/kpi.js';
import { DayTotals } from '../../shared/snapshot.js';
import { sumCounters } from '../../server/domain/day-totals.js';
import { diffDerived, type Derived } from '../../server/domain/derived.js';
import { deriveEntity, entityOf } from '../../server/domain/entities.js';
import { SiteConfig } from '../../server/domain/sites.js';
import { at, ev, T0 } from '../helpers/event-factory.js';

const SITE = SiteConfig.parse({ id: 'yuzhno-sakhalinsk', name: { ru: 'Ю', en: 'Y' } });

/** one of every kind of entity and outcome */
const EVENTS: ObzorEvent[] = [
  ...(['resolved', 'redirected', 'callback', 'refused_identification', 'terminated_abuse'] as const).flatMap((outcome, i) => [
    ev('call.queued', i, { callId: `c${i}`, queue: 'hotline', line: i % 2 ? 'hotline' : 'direct' }),
    ev('call.offered', i + 2, { callId: `c${i}`, agentId: 'op-1' }),
    // the first answered by the 1st ring, the others after 18 s of ringing
    ev('call.answered', i + (i === 0 ? 5 : 20), { callId: `c${i}`, agentId: 'op-1' }),
    ev('call.connected', i + 30, { callId: `c${i}`, specialistId: 'sp' }),
    ev('call.callback_promised', i + 40, { callId: `c${i}`, dueAt: new Date(T0 + 3_600_000).toISOString() }),
    ev('call.ended', i + 300, { callId: `c${i}`, outcome }),
  ]),
  // at 23:00 the evening before: the unit and its hotline are closed
  ev('call.queued', 0, { callId: 'night-h', queue: 'billing', line: 'hotline' }, { base: T0 - 10 * 3_600_000 }),
  ev('call.queued', 0, { callId: 'night-d', queue: 'billing', line: 'direct' }, { base: T0 - 10 * 3_600_000 }),
  ev('call.queued', 0, { callId: 'short', queue: 'billing', line: 'direct' }),
  ev('call.abandoned', 2, { callId: 'short' }),
  // lost to the queue's timeout (a feed that tells why), and one the PBX no longer had when a feed came back
  ev('call.queued', 0, { callId: 'timeout', queue: 'sales', line: 'direct' }),
  // … after op-2 let it ring 10 s unanswered (a ring missed, not past the limit)
  ev('call.offered', 5, { callId: 'timeout', agentId: 'op-2' }),
  ev('call.ring_no_answer', 15, { callId: 'timeout', agentId: 'op-2' }),
  ev('call.abandoned', 90, { callId: 'timeout', reason: 'timeout' }),
  ev('call.queued', 0, { callId: 'gone', queue: 'sales', line: 'direct' }),
  ev('call.ended', 60, { callId: 'gone', outcome: 'reconciled' }),
  ev('appeal.registered', 0, { appealId: 'a1', channel: 'answering_machine', clientType: 'individual' }),
  ev('appeal.callback_scheduled', 1, { appealId: 'a1', dueAt: new Date(T0 + 3_600_000).toISOString() }),
  ev('appeal.callback_attempted', 2, { appealId: 'a1', reached: true }),
  ev('appeal.answered', 3, { appealId: 'a1' }),
  ev('appeal.registered', 0, { appealId: 'a2', channel: 'mail', clientType: 'legal' }),
  ev('appeal.registered', 0, { appealId: 'a3', channel: 'phone', clientType: 'individual', dueAt: at(-3600) }),
  ev('appeal.answered', 5, { appealId: 'a3' }),
  ev('appeal.rejected', 5, { appealId: 'a2', reason: 'abusive' }),
  ev('conflict.raised', 0, { conflictId: 'k1', agentId: 'op-1', summary: 'x' }),
  ev('conflict.escalated', 1, { conflictId: 'k1' }),
  ev('conflict.acknowledged', 2, { conflictId: 'k1', actor: 'm' }),
  ev('conflict.resolved', 3, { conflictId: 'k1', resolution: 'ok', actor: 'm' }),
  // issue 16: lost callers called back — reached after one attempt; no number; three attempts
  ev('call.lost_called_back', 100, { callId: 'timeout', outcome: 'not_reached', actor: 'm' }),
  ev('call.lost_called_back', 200, { callId: 'timeout', outcome: 'reached', actor: 'm' }),
  ev('call.queued', 0, { callId: 'lost-a', queue: 'sales', line: 'direct' }),
  ev('call.abandoned', 30, { callId: 'lost-a' }),
  ev('call.lost_called_back', 60, { callId: 'lost-a', outcome: 'no_number', actor: 'm' }),
  ev('call.queued', 0, { callId: 'lost-b', queue: 'sales', line: 'direct' }),
  ev('call.abandoned', 30, { callId: 'lost-b' }),
  ...[60, 70, 80].map((t) => ev('call.lost_called_back', t, { callId: 'lost-b', outcome: 'not_reached', actor: 'm' })),
  // issue 17: op-1's after-call work (20 s) and a pause for lunch (60 s)
  ev('agent.state', 305, { agentId: 'op-1', state: 'wrap_up' }),
  ev('agent.state', 325, { agentId: 'op-1', state: 'paused', reason: 'обед' }),
  ev('agent.state', 385, { agentId: 'op-1', state: 'available' }),
];

function fieldsWritten(events: readonly ObzorEvent[]): Record<string, number> {
  const groups = new Map<string, ObzorEvent[]>();
  for (const e of events) {
    const { kind, id } = entityOf(e);
    groups.set(`${kind} ${id}`, [...(groups.get(`${kind} ${id}`) ?? []), e]);
  }
  const out: Record<string, number> = {};
  for (const [k, list] of groups) {
    for (const [key, by] of Object.entries(deriveEntity(k.split(' ')[0] as Parameters<typeof deriveEntity>[0], list, SITE).counters)) {
      const field = key.slice(key.indexOf('|') + 1);
      out[field] = (out[field] ?? 0) + by;
    }
  }
  return out;
}

describe('the counter table', () => {
  it('holds every counter the folds write, and reads each back by its own name', () => {
    const written = fieldsWritten(EVENTS);
    const names = new Set<CounterName>();
    for (const field of Object.keys(written)) {
      // the surge alarm's arrivals by the minute are not counters of the table (shared/counters.ts)
      if (readArrivalMinuteField(field)) continue;
      const c = readCounterField(field);
      expect(c, field).toBeDefined();
      names.add(c!.name);
    }
    // the script writes every counter of the table: none is dead
    expect([...names].sort()).toEqual((Object.keys(COUNTERS) as CounterName[]).sort());
  });

  it('sums each counter into the totals field of the same name, per queue and for the site, with the breakdowns', () => {
    const t = sumCounters([Object.fromEntries(Object.entries(fieldsWritten(EVENTS)).map(([f, n]) => [f, String(n)]))]);
    // the two lost callers of issue 16 (lost-a, lost-b) are offered and abandoned too
    expect(t.site).toMatchObject({ offered: 12, answered: 5, abandoned: 4, abandonedShort: 1, timedOut: 1, ended: 5, redirected: 1, refusedIdentification: 1, terminatedAbuse: 1, callbacksPromised: 5 });
    expect(t.site).toMatchObject({ hotlineWhileClosed: 1, directWhileClosed: 1, ringsPast3: 4, answeredIn3Rings: 1 });
    expect(t.site).toMatchObject({ appealsRegistered: 3, appealsAnswered: 2, appealsAnsweredLate: 1, appealsRejected: 1, conflictsRaised: 1 });
    expect(t.byQueue.get('billing')).toMatchObject({ offered: 3, abandoned: 1, hotlineWhileClosed: 1, directWhileClosed: 1 });
    expect(t.byAgent.ringsPast3).toEqual({ 'op-1': 4 });
    expect(t.byAgent.answered).toEqual({ 'op-1': 5 });
    expect(t.byAgent.ringsMissed).toEqual({ 'op-2': 1 });
    expect(t.byKey).toEqual({
      appealsRejected: { abusive: 1 },
      appealsByChannel: { 'answering_machine:individual': 1, 'mail:legal': 1, 'phone:individual': 1 },
      // the appeals report: each registration's fate, by its channel (a3 was answered past its explicit deadline)
      appealsAnsweredByChannel: { 'answering_machine:individual': 1, 'phone:individual': 1 },
      appealsLateByChannel: { 'phone:individual': 1 },
      appealsAnswerMsByChannel: { 'answering_machine:individual': 3000, 'phone:individual': 5000 },
      appealsRejectedByChannel: { 'mail:legal:abusive': 1 },
    });
    // issue 17: the operator report's counters
    expect(t.byAgent.ringsOffered).toEqual({ 'op-1': 5, 'op-2': 1 });
    expect(t.byAgent.talkN).toEqual({ 'op-1': 5 });
    expect(t.byAgent.lostCallBacks).toEqual({ m: 5 });
    expect(t.byAgent.lostCallBacksReached).toEqual({ m: 1 });
    expect([t.byAgent.acwSumMs, t.byAgent.acwN]).toEqual([{ 'op-1': 20_000 }, { 'op-1': 1 }]);
    expect(t.byAgentKey.pauseMs).toEqual({ 'op-1': { обед: 60_000 } });
    expect(t.byAgentKey.pauseN).toEqual({ 'op-1': { обед: 1 } });
  });

  it('builds fields that read back as the same counter', () => {
    expect(readCounterField(queueCounterField('q.1', 'offered'))).toEqual({ name: 'offered', queue: 'q.1' });
    expect(readCounterField(agentCounterField('PJSIP/11', 'ringsPast3'))).toEqual({ name: 'ringsPast3', agentId: 'PJSIP/11' });
    // a pause reason is a key; a `|` in it is written `/`, so the field still reads back
    expect(readCounterField(agentCounterField('PJSIP/11', 'pauseMs', 'обед|перерыв: 1'))).toEqual({ name: 'pauseMs', agentId: 'PJSIP/11', key: 'обед/перерыв: 1' });
    for (const field of ['ag|op-1|pauseMs', 'ag|op-1|answered:x', 'q|hotline|acwSumMs']) expect(readCounterField(field), field).toBeUndefined();
    expect(readCounterField(appealCounterField('appealsByChannel', 'phone:legal'))).toEqual({ name: 'appealsByChannel', key: 'phone:legal' });
    expect(readCounterField(conflictCounterField('conflictsRaised'))).toEqual({ name: 'conflictsRaised' });
    // a counter read in the wrong place, or no counter at all, is nothing
    for (const field of ['q|hotline|appealsRegistered', 'ap|offered', 'ag|op-1|offered', 'q|hotline|__proto__', 'ap|constructor', 'zz|x', 'nobar']) expect(readCounterField(field), field).toBeUndefined();
  });

  it('tells the fields kept in the daily roll-ups only (the appeals report’s) from the others', () => {
    expect(isRollupOnlyField(appealCounterField('appealsLateByChannel', 'phone:legal'))).toBe(true);
    expect(isRollupOnlyField(appealCounterField('appealsRejectedByChannel', 'mail:legal:abusive'))).toBe(true);
    for (const field of [appealCounterField('appealsByChannel', 'phone:legal'), appealCounterField('appealsRegistered'), queueCounterField('appealsLateByChannel', 'offered'), 'qm|hotline|3']) expect(isRollupOnlyField(field), field).toBe(false);
  });

  it('makes the DayTotals and history schemas and emptyTotals of its fields', () => {
    expect(Object.keys(DayTotals.shape).sort()).toEqual([...TOTALS_FIELDS].sort());
    expect(Object.keys(emptyTotals()).sort()).toEqual([...TOTALS_FIELDS].sort());
    expect(Object.keys(HistoryInterval.shape).filter((k) => (HISTORY_COUNTERS as string[]).includes(k)).sort()).toEqual([...HISTORY_COUNTERS].sort());
    // the counters of v1 are required, those added with the KPIs optional for older readers
    expect(DayTotals.safeParse({ ...emptyTotals(), ended: undefined }).success).toBe(true);
    expect(DayTotals.safeParse({ ...emptyTotals(), offered: undefined }).success).toBe(false);
  });
});

describe('counters written under their legacy names', () => {
  const legacy: Record<string, string> = {
    'q|hotline|answeredInSL': '2',
    'q|hotline|closedHotline': '1',
    'q|hotline|closedDirect': '1',
    'q|hotline|out:redirected': '1',
    'q|hotline|out:refused_identification': '1',
    'q|hotline|out:terminated_abuse': '1',
    'ap|registered': '3',
    'ap|answered': '2',
    'ap|answeredLate': '1',
    'ap|rejected:abusive': '1',
    'ap|reg:phone:individual': '3',
    'cf|raised': '4',
  };

  it('are read as the counters they were (read only), added to what the new names hold', () => {
    const t = sumCounters([legacy, { [queueCounterField('hotline', 'answeredInServiceLevel')]: '5', [appealCounterField('appealsRejected', 'abusive')]: '1' }]);
    expect(t.site).toMatchObject({ answeredInServiceLevel: 7, hotlineWhileClosed: 1, directWhileClosed: 1, redirected: 1, refusedIdentification: 1, terminatedAbuse: 1 });
    expect(t.site).toMatchObject({ appealsRegistered: 3, appealsAnswered: 2, appealsAnsweredLate: 1, appealsRejected: 2, conflictsRaised: 4 });
    expect(t.byQueue.get('hotline')?.answeredInServiceLevel).toBe(7);
    expect(t.byKey).toMatchObject({ appealsRejected: { abusive: 2 }, appealsByChannel: { 'phone:individual': 3 } });
  });

  it('move to the new names when their entity is folded again, the day’s totals unchanged', () => {
    const b = bucketOf(T0);
    // a call answered in time, as the fold before the table stored its contribution
    const before: Derived = { counters: { [`${b}|q|hotline|offered`]: 1, [`${b}|q|hotline|answered`]: 1, [`${b}|q|hotline|answeredInSL`]: 1 }, live: {}, closed: false };
    const after: Derived = { counters: { [`${b}|${queueCounterField('hotline', 'offered')}`]: 1, [`${b}|${queueCounterField('hotline', 'answered')}`]: 1, [`${b}|${queueCounterField('hotline', 'answeredInServiceLevel')}`]: 1 }, live: {}, closed: false };
    const hash: Record<string, number> = { 'q|hotline|offered': 1, 'q|hotline|answered': 1, 'q|hotline|answeredInSL': 1 };
    const totalsOf = (h: Record<string, number>) => sumCounters([Object.fromEntries(Object.entries(h).map(([f, n]) => [f, String(n)]))]).site;
    const was = totalsOf(hash);
    for (const d of diffDerived(before, after).counters) hash[d.field] = (hash[d.field] ?? 0) + d.by;
    expect(hash['q|hotline|answeredInSL']).toBe(0);
    expect(totalsOf(hash)).toEqual(was);
    expect(was.answeredInServiceLevel).toBe(1);
  });
});

describe('arrivals by the minute (the surge alarm)', () => {
  it('are written per visit at the minute of the bucket the call entered, and read back only as such', () => {
    const written = fieldsWritten(EVENTS);
    const minutes = Object.keys(written).filter((f) => readArrivalMinuteField(f));
    const total = minutes.reduce((n, f) => n + written[f]!, 0);
    expect(total).toBeGreaterThanOrEqual(10);
    for (const f of minutes) expect(readCounterField(f), f).toBeUndefined();
    expect(readArrivalMinuteField('qm|hotline|14')).toEqual({ queue: 'hotline', minute: 14 });
    expect(readArrivalMinuteField('qm|hotline|15')).toBeUndefined();
    expect(readArrivalMinuteField('q|hotline|offered')).toBeUndefined();
  });
});
