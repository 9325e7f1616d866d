import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { deriveCall, callFacts } from '../../server/domain/call-fold.js';
import { SiteNorms } from '../../server/domain/sites.js';
import { bucketOf } from '../../shared/buckets.js';
import { agentCounterField, queueCounterField, type QueueCounter } from '../../shared/counters.js';
import type { CallEvent } from '../../shared/events.js';
import { answeredCall, ev, T0 } from '../helpers/event-factory.js';

const norms = SiteNorms.parse({});
const b = bucketOf(T0);
const field = (counter: QueueCounter, queue = 'hotline') => `${b}|${queueCounterField(queue, counter)}`;

describe('call fold', () => {
  it('counts an answered call as the contract example says (20 s wait, 11 s ring: within N1)', () => {
    const d = deriveCall(answeredCall('c-1') as CallEvent[], norms);
    expect(d.counters[field('offered')]).toBe(1);
    expect(d.counters[field('answered')]).toBe(1);
    expect(d.counters[field('answeredIn3Rings')]).toBe(1);
    expect(d.counters[field('waitSumMs')]).toBe(31_000);
    expect(d.counters[field('connectSumMs')]).toBe(40_000);
    expect(d.counters[field('handleSumMs')]).toBe(300_000);
    expect(d.counters[field('outcomeResolved')]).toBe(1);
    expect(d.counters[field('ringsPast3')]).toBeUndefined();
    expect(d.live).toEqual({});
    expect(d.closed).toBe(true);
  });

  it('flags a ring past 3 rings (16 s > 15 s) for the call and the operator', () => {
    const events = [
      ev('call.queued', 0, { callId: 'c-2', queue: 'billing', line: 'direct' }),
      ev('call.offered', 5, { callId: 'c-2', agentId: 'op-1' }),
      ev('call.ring_no_answer', 21, { callId: 'c-2', agentId: 'op-1' }),
      ev('call.offered', 22, { callId: 'c-2', agentId: 'op-2' }),
      ev('call.answered', 40, { callId: 'c-2', agentId: 'op-2' }),
    ] as CallEvent[];
    const d = deriveCall(events, norms);
    expect(d.counters[field('ringsPast3', 'billing')]).toBe(2);
    expect(d.counters[`${b}|${agentCounterField('op-1', 'ringsPast3')}`]).toBe(1);
    expect(d.counters[`${b}|${agentCounterField('op-2', 'ringsPast3')}`]).toBe(1);
    expect(d.counters[field('answeredIn3Rings', 'billing')]).toBeUndefined();
    expect(d.live).toEqual({}); // answered: no longer waiting or ringing
  });

  it('shows a waiting call, then a ringing one, in the live table', () => {
    const q = ev('call.queued', 0, { callId: 'c-3', queue: 'hotline', line: 'hotline' });
    expect(JSON.parse(deriveCall([q], norms).live['calls|c-3']!)).toMatchObject({ state: 'waiting', since: T0 });
    const o = ev('call.offered', 10, { callId: 'c-3', agentId: 'op-3' });
    expect(JSON.parse(deriveCall([q, o], norms).live['calls|c-3']!)).toMatchObject({ state: 'ringing', ringStart: T0 + 10_000, agentId: 'op-3' });
  });

  it('a late call.queued never puts an answered call back in the queue', () => {
    const [queued, offered, answered] = answeredCall('c-4');
    const d = deriveCall([offered!, answered!, queued!] as CallEvent[], norms);
    expect(d.live['calls|c-4']).toBeUndefined();
    expect(d.counters[field('offered')]).toBe(1);
  });

  it('counts a short abandon separately (3 s < 5 s)', () => {
    const d = deriveCall([ev('call.queued', 0, { callId: 'c-5', queue: 'hotline', line: 'hotline' }), ev('call.abandoned', 3, { callId: 'c-5' })] as CallEvent[], norms);
    expect(d.counters[field('abandoned')]).toBe(1);
    expect(d.counters[field('abandonedShort')]).toBe(1);
  });

  it('keeps a promised callback open until it is completed (N4)', () => {
    const events = [...answeredCall('c-6'), ev('call.callback_promised', 100, { callId: 'c-6', dueAt: '2026-11-18T15:00:00+11:00' })] as CallEvent[];
    const open = deriveCall(events, norms);
    expect(JSON.parse(open.live['callbacks|call:c-6']!)).toMatchObject({ kind: 'call', dueAt: Date.parse('2026-11-18T15:00:00+11:00') });
    const done = deriveCall([...events, ev('call.callback_completed', 3600, { callId: 'c-6', reached: true })], norms);
    expect(done.live['callbacks|call:c-6']).toBeUndefined();
    expect(done.closed).toBe(true);
  });

  it('any order of the same events folds to the same contribution', () => {
    const events = [
      ...answeredCall('c-7'),
      ev('call.offered', 1, { callId: 'c-7', agentId: 'op-1' }),
      ev('call.ring_no_answer', 19, { callId: 'c-7', agentId: 'op-1' }),
      ev('call.callback_promised', 200, { callId: 'c-7', dueAt: '2026-11-19T10:00:00+11:00' }),
    ] as CallEvent[];
    const expected = deriveCall(events, norms);
    expect(callFacts(events).rings).toHaveLength(2);
    fc.assert(
      fc.property(fc.shuffledSubarray(events, { minLength: events.length, maxLength: events.length }), (perm) => {
        expect(deriveCall(perm, norms)).toEqual(expected);
      }),
      { numRuns: 300 },
    );
  });
});
