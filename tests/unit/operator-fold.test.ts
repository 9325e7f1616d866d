/**
 * Issue 17, the operator report's counters from the folds: after-call work and pauses by reason
 * from the intervals between an operator's reports — in the 15-minute interval where each ends,
 * counted once when it ends, the same whether the store folds them one by one (keeping two
 * reports), in any order, or all at once — and talk, rings offered and call-backs per operator.
 */
import { describe, expect, it } from 'vitest';
import { bucketOf } from '../../shared/buckets.js';
import type { AgentEvent, ObzorEvent } from '../../shared/events.js';
import { deriveAgent, STATE_INTERVAL_MAX_MS } from '../../server/domain/agent-fold.js';
import { sumCounters } from '../../server/domain/day-totals.js';
import { diffDerived, EMPTY_DERIVED, type Derived } from '../../server/domain/derived.js';
import { deriveEntity, foldEntity } from '../../server/domain/entities.js';
import { SiteConfig } from '../../server/domain/sites.js';
import { seededRandom } from '../../server/demo/call-centre-sim.js';
import { ev, T0 } from '../helpers/event-factory.js';

const SITE = SiteConfig.parse({ id: 'yuzhno-sakhalinsk', name: { ru: 'Ю', en: 'Y' } });
const MIN = 60_000;
const state = (min: number, s: AgentEvent['state'], reason?: string, id = 'op-1'): AgentEvent =>
  ev('agent.state', (min * MIN) / 1000, { agentId: id, state: s, ...(reason ? { reason } : {}) }) as AgentEvent;

/** the store's steps: each batch folded into the kept record, the counters moved by the difference */
function foldAsStore(batches: readonly (readonly ObzorEvent[])[]): Map<string, number> {
  const counters = new Map<string, number>();
  let record: { events: ObzorEvent[]; derived: Derived } = { events: [], derived: EMPTY_DERIVED };
  for (const batch of batches) {
    const { events, derived, counted } = foldEntity('agent', record.events, batch, SITE);
    for (const c of diffDerived(record.derived, counted).counters) {
      const k = `${c.bucket}|${c.field}`;
      const v = (counters.get(k) ?? 0) + c.by;
      if (v === 0) counters.delete(k);
      else counters.set(k, v);
    }
    record = { events, derived };
    expect(events.length).toBeLessThanOrEqual(2);
  }
  return counters;
}
const asMap = (d: Derived) => new Map(Object.entries(d.counters));
/** `bucket|field` counts as the buckets' hashes, summed */
const totals = (m: Iterable<[string, number]>) => sumCounters([...m].map(([k, v]) => ({ [k.slice(k.indexOf('|') + 1)]: String(v) })));

// a day's shift: talk, wrap-up 2 min, lunch 30 min over a 15-minute boundary, wrap-up again (re-reported), a pause with no reason
const SHIFT = [
  state(0, 'available'),
  state(3, 'on_call'),
  state(8, 'wrap_up'),
  state(10, 'available'),
  state(20, 'paused', 'обед'),
  state(50, 'available'),
  state(55, 'on_call'),
  state(60, 'wrap_up'),
  state(61, 'wrap_up'),
  state(64, 'paused'),
  state(70, 'paused', 'обучение'),
  state(75, 'offline'),
];

describe('after-call work and pauses per operator', () => {
  it('counts each wrap_up and pause once, its time in the interval where it ends, by reason', () => {
    const t = totals(asMap(deriveAgent(SHIFT)));
    expect(t.byAgent.acwN).toEqual({ 'op-1': 2 });
    // 8→10 and 60→61→64
    expect(t.byAgent.acwSumMs).toEqual({ 'op-1': 6 * MIN });
    expect(t.byAgentKey.pauseMs).toEqual({ 'op-1': { обед: 30 * MIN, '~': 6 * MIN, обучение: 5 * MIN } });
    expect(t.byAgentKey.pauseN).toEqual({ 'op-1': { обед: 1, '~': 1, обучение: 1 } });
    // lunch 09:20–09:50 counts whole in the 09:45 interval, where it ended
    const lunch = Object.entries(deriveAgent(SHIFT).counters).filter(([k]) => k.endsWith('pauseMs:обед'));
    expect(lunch).toEqual([[`${bucketOf(T0 + 50 * MIN)}|ag|op-1|pauseMs:обед`, 30 * MIN]]);
    // the re-reported wrap-up (60, 61 → 64) is counted once, when it ends
    const acw = Object.entries(deriveAgent(SHIFT).counters).filter(([k]) => k.includes('|acw'));
    expect(acw.map(([k, v]) => [Number(k.split('|')[0]) - bucketOf(T0), k.split('|').at(-1), v])).toEqual([
      [0, 'acwSumMs', 2 * MIN],
      [0, 'acwN', 1],
      [60 * MIN, 'acwSumMs', 4 * MIN],
      [60 * MIN, 'acwN', 1],
    ]);
  });

  it('gives the same counters folded by the store one report at a time, in batches, or shuffled within reach', () => {
    const whole = asMap(deriveAgent(SHIFT));
    expect(foldAsStore(SHIFT.map((e) => [e]))).toEqual(whole);
    expect(foldAsStore([SHIFT.slice(0, 5), SHIFT.slice(5, 9), SHIFT.slice(9)])).toEqual(whole);
    // a report that arrives after the next one (a feed's reorder): the next step corrects the interval
    const rnd = seededRandom(7);
    for (let round = 0; round < 20; round++) {
      const order = [...SHIFT];
      for (let i = 0; i + 1 < order.length; i++) if (rnd() < 0.4) [order[i], order[i + 1]] = [order[i + 1]!, order[i]!];
      // one swapped pair at a time stays within the two kept reports
      const ok = order.every((e, i) => Math.abs(SHIFT.indexOf(e) - i) <= 1);
      if (ok) expect(foldAsStore(order.map((e) => [e]))).toEqual(whole);
    }
  });

  it('leaves out a report older than every kept one, and an interval longer than 12 hours', () => {
    const late = state(9, 'available');
    const stepped = foldAsStore([...SHIFT.slice(0, 6).map((e) => [e]), [late]]);
    expect(stepped).toEqual(asMap(deriveAgent(SHIFT.slice(0, 6))));
    const long = [state(0, 'paused', 'обед'), state(STATE_INTERVAL_MAX_MS / MIN + 1, 'available')];
    expect(deriveAgent(long).counters).toEqual({});
    expect(foldAsStore(long.map((e) => [e])).size).toBe(0);
  });
});

describe('calls per operator', () => {
  it('counts rings offered, talk per conversation and call-backs by who made them, when made', () => {
    const calls: ObzorEvent[] = [
      ev('call.queued', 0, { callId: 'c1', queue: 'hotline', line: 'hotline' }),
      ev('call.offered', 2, { callId: 'c1', agentId: 'op-1' }),
      ev('call.ring_no_answer', 20, { callId: 'c1', agentId: 'op-1' }),
      ev('call.offered', 21, { callId: 'c1', agentId: 'op-2' }),
      ev('call.answered', 25, { callId: 'c1', agentId: 'op-2' }),
      ev('call.ended', 145, { callId: 'c1', outcome: 'resolved' }),
      ev('call.queued', 0, { callId: 'c2', queue: 'hotline', line: 'hotline' }),
      ev('call.offered', 3, { callId: 'c2', agentId: 'op-1' }),
      ev('call.abandoned', 40, { callId: 'c2' }),
      ev('call.lost_called_back', 3600, { callId: 'c2', outcome: 'not_reached', actor: 'op-2' }),
      ev('call.lost_called_back', 7200, { callId: 'c2', outcome: 'reached', actor: 'op-2' }),
    ];
    const c1 = deriveEntity('call', calls.slice(0, 6), SITE);
    const c2 = deriveEntity('call', calls.slice(6), SITE);
    const t = totals([...Object.entries(c1.counters), ...Object.entries(c2.counters)]);
    expect(t.byAgent.ringsOffered).toEqual({ 'op-1': 2, 'op-2': 1 });
    expect(t.byAgent.ringsMissed).toEqual({ 'op-1': 1 });
    expect(t.byAgent.ringsPast3).toEqual({ 'op-1': 2 });
    expect([t.byAgent.talkN, t.byAgent.talkSumMs]).toEqual([{ 'op-2': 1 }, { 'op-2': 120_000 }]);
    expect([t.byAgent.lostCallBacks, t.byAgent.lostCallBacksReached]).toEqual([{ 'op-2': 2 }, { 'op-2': 1 }]);
    // the call-back counts when it was made, not with the call
    expect(Object.keys(c2.counters).filter((k) => k.endsWith('|lostCallBacksReached'))).toEqual([`${bucketOf(T0 + 7200_000)}|ag|op-2|lostCallBacksReached`]);
  });
});
