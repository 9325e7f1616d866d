/** Issue 16: lost calls to call back — the fold, the N11 target and the due states. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { deriveCall } from '../../server/domain/call-fold.js';
import { decideLostCallBack } from '../../server/domain/lost-call-commands.js';
import { lostCallDueAt } from '../../server/domain/lost-call-due.js';
import { SiteConfig } from '../../server/domain/sites.js';
import { siteFor } from '../../server/realtime/view-for.js';
import { bucketOf } from '../../shared/buckets.js';
import { queueCounterField, type QueueCounter } from '../../shared/counters.js';
import type { CallEvent, ObzorEvent } from '../../shared/events.js';
import { LOST_CALL_KEEP_MS, lostCallState, worstLostCallState } from '../../shared/lost-calls.js';
import { ev, T0 } from '../helpers/event-factory.js';
import { foldInMemory } from '../helpers/fold-in-memory.js';

const site = SiteConfig.parse({ id: 'yuzhno-sakhalinsk', name: { ru: 'Южно-Сахалинск', en: 'Yuzhno-Sakhalinsk' } });
const norms = site.norms;
const b = bucketOf(T0);
const field = (counter: QueueCounter, queue = 'hotline') => `${b}|${queueCounterField(queue, counter)}`;
const H = 3_600_000;
/** T0 is Wed 2026-11-18 09:00 Sakhalin (UTC+11) */
const local = (hhmm: string, day = '2026-11-18') => Date.parse(`${day}T${hhmm}:00+11:00`);

function lost(callId: string, waited: number, extra: Partial<{ phone: string; base: number }> = {}): CallEvent[] {
  const o = extra.base !== undefined ? { base: extra.base } : {};
  return [
    ev('call.queued', 0, { callId, queue: 'hotline', line: 'hotline', ...(extra.phone ? { client: { phone: extra.phone } } : {}) }, o),
    ev('call.abandoned', waited, { callId, reason: 'caller' }, o),
  ];
}
const mark = (callId: string, offsetSec: number, outcome: 'reached' | 'not_reached' | 'no_number', base = T0) => ev('call.lost_called_back', offsetSec, { callId, outcome, actor: 'boss' }, { base });

describe('lost calls: the fold', () => {
  it('a caller who hung up after waiting at least shortAbandonSeconds is an entry with the number; a short abandon is not', () => {
    const d = deriveCall(lost('c-1', 30, { phone: '+7 914 000-00-01' }), norms, site);
    expect(JSON.parse(d.live['lostCalls|c-1']!)).toEqual({ callId: 'c-1', queue: 'hotline', abandonedAt: T0 + 30_000, waitedSec: 30, attempts: 0, client: { phone: '+7 914 000-00-01' } });
    expect(d.counters[field('lostCalls')]).toBe(1);
    const short = deriveCall(lost('c-2', norms.shortAbandonSeconds - 1), norms, site);
    expect(short.live['lostCalls|c-2']).toBeUndefined();
    expect(short.counters[field('lostCalls')]).toBeUndefined();
    // exactly the limit is not short (the abandon-rate rule: short is "within" the limit)
    expect(deriveCall(lost('c-3', norms.shortAbandonSeconds), norms, site).live['lostCalls|c-3']).toBeDefined();
  });

  it('an answered call is not lost, nor one answered in a later visit', () => {
    const events = [...lost('c-4', 30), ev('call.queued', 40, { callId: 'c-4', queue: 'billing', line: 'hotline' }), ev('call.answered', 50, { callId: 'c-4', agentId: 'op-1' })] as CallEvent[];
    expect(deriveCall(events, norms, site).live['lostCalls|c-4']).toBeUndefined();
  });

  it('reached closes the entry and counts called back, within the target when before the due time', () => {
    const d = deriveCall([...lost('c-5', 30), mark('c-5', 3600, 'reached')], norms, site);
    expect(d.live['lostCalls|c-5']).toBeUndefined();
    expect(d.counters[field('lostCalledBack')]).toBe(1);
    expect(d.counters[field('lostCalledBackInTarget')]).toBe(1);
    const late = deriveCall([...lost('c-6', 30), mark('c-6', 3 * 3600, 'reached')], norms, site);
    expect(late.counters[field('lostCalledBack')]).toBe(1);
    expect(late.counters[field('lostCalledBackInTarget')]).toBeUndefined();
  });

  it('not reached is an attempt; the third closes the entry as not reached; no number closes at once', () => {
    const once = deriveCall([...lost('c-7', 30), mark('c-7', 600, 'not_reached')], norms, site);
    expect(JSON.parse(once.live['lostCalls|c-7']!).attempts).toBe(1);
    const thrice = deriveCall([...lost('c-7', 30), mark('c-7', 600, 'not_reached'), mark('c-7', 1200, 'not_reached'), mark('c-7', 1800, 'not_reached')], norms, site);
    expect(thrice.live['lostCalls|c-7']).toBeUndefined();
    expect(thrice.counters[field('lostNotReached')]).toBe(1);
    expect(thrice.counters[field('lostAttempts')]).toBe(3);
    const none = deriveCall([...lost('c-8', 30), mark('c-8', 60, 'no_number')], norms, site);
    expect(none.live['lostCalls|c-8']).toBeUndefined();
    expect(none.counters[field('lostNoNumber')]).toBe(1);
  });

  it('depends on the set of events, not their order', () => {
    const events = [...lost('c-9', 30, { phone: '+79140000009' }), mark('c-9', 600, 'not_reached'), mark('c-9', 700, 'not_reached'), mark('c-9', 800, 'reached'), mark('c-9', 800, 'not_reached')];
    const expected = deriveCall(events, norms, site);
    fc.assert(
      fc.property(fc.shuffledSubarray(events, { minLength: events.length, maxLength: events.length }), (shuffled) => {
        expect(deriveCall(shuffled, norms, site)).toEqual(expected);
      }),
    );
  });
});

describe('lost calls: the target inside the N11 window (default 2 h, 09:00–17:30 daily)', () => {
  const w = norms.callbackWindow;
  const tz = site.timeZone;
  it('inside the window: two hours later', () => {
    expect(lostCallDueAt(w, 120, local('10:00'), tz)).toBe(local('12:00'));
  });
  it('after the window closed: two hours from the next opening', () => {
    expect(lostCallDueAt(w, 120, local('18:00'), tz)).toBe(local('11:00', '2026-11-19'));
    expect(lostCallDueAt(w, 120, local('03:00'), tz)).toBe(local('11:00'));
  });
  it('near the close: what is left today, the rest tomorrow', () => {
    expect(lostCallDueAt(w, 120, local('17:00'), tz)).toBe(local('10:30', '2026-11-19'));
  });
  it('a site\'s own target and a window of working days only (Friday evening → Monday)', () => {
    const fri = local('18:00', '2026-11-20');
    expect(lostCallDueAt({ hours: '09:00-17:30', days: 'working' }, 30, fri, tz)).toBe(local('09:30', '2026-11-23'));
  });
});

describe('lost calls: states and the list', () => {
  it('ok, due in the last quarter of the target, overdue at the due time', () => {
    const due = T0 + 2 * H;
    expect(lostCallState(due, 2 * H, T0)).toBe('ok');
    expect(lostCallState(due, 2 * H, due - 30 * 60_000)).toBe('due_soon');
    expect(lostCallState(due, 2 * H, due)).toBe('overdue');
    expect(worstLostCallState(['ok', 'due_soon', 'ok'])).toBe('due_soon');
    expect(worstLostCallState([])).toBe('ok');
  });

  it('the state lists them oldest first with due time and state, counts them per queue, and drops those past the kept week', () => {
    const old = T0 - LOST_CALL_KEEP_MS;
    const events: ObzorEvent[] = [...lost('a', 30, { phone: '+79140000001' }), ...lost('b', 60, { base: T0 + 20 * 60_000 }), ...lost('gone', 30, { base: old - 60_000 })];
    const state = foldInMemory(site, events)(T0 + 100 * 60_000);
    expect(state.lostCalls!.map((l) => [l.callId, l.state])).toEqual([['a', 'due_soon'], ['b', 'ok']]);
    expect(state.lostCalls![0]!.dueAt).toBe(T0 + 30_000 + 2 * H);
    expect(state.queues.find((q) => q.queue === 'hotline')!.lostToCallBack).toBe(2);
    expect(state.norms.lostCallTargetMinutes).toBe(120);
  });

  it('walls and the duty view never get the number (N6); the console does', () => {
    const state = foldInMemory(site, lost('a', 30, { phone: '+79140000001' }))(T0 + 60_000);
    expect(siteFor(state, 'personal').lostCalls![0]!.client).toEqual({ phone: '+79140000001' });
    for (const audience of ['wall', 'redacted'] as const) expect(JSON.stringify(siteFor(state, audience))).not.toContain('79140000001');
  });
});

describe('lost calls: the console command', () => {
  const ctx = { site: site.id, callId: 'c', actor: 'boss', eventId: 'lost:1', now: T0 + 600_000, shortAbandonSeconds: 5 };
  it('refuses an unknown call, a short abandon, an answered call and an entry already closed', () => {
    expect(decideLostCallBack(undefined, 'reached', ctx)).toMatchObject({ reason: 'not_found' });
    expect(decideLostCallBack(lost('c', 2), 'reached', ctx)).toMatchObject({ reason: 'not_found' });
    expect(decideLostCallBack([...lost('c', 30), mark('c', 60, 'no_number')], 'reached', ctx)).toMatchObject({ reason: 'closed' });
  });
  it('makes the event with the actor', () => {
    expect(decideLostCallBack(lost('c', 30), 'reached', ctx)).toMatchObject({ type: 'call.lost_called_back', callId: 'c', outcome: 'reached', actor: 'boss', id: 'lost:1' });
  });
});

describe('repeat callers (2+ calls within 24 h)', () => {
  const call = (callId: string, offsetSec: number, queue: string, client: { phone?: string; account?: string }): ObzorEvent[] => [
    ev('call.queued', offsetSec, { callId, queue, line: 'hotline', client }),
    ev('call.answered', offsetSec + 10, { callId, agentId: 'op-1' }),
  ];
  it('groups the same number however written (8 / +7, spaces) or the same account; counts each queue they called', () => {
    const events = [
      ...call('r1', 0, 'billing', { phone: '+7 914 123-45-67' }),
      ...call('r2', 600, 'hotline', { phone: '89141234567' }),
      ...call('r3', 900, 'billing', { phone: '+7 914 000-00-00' }),
      ...call('r4', 1000, 'billing', { account: '65-123' }),
      ...call('r5', 1200, 'billing', { account: '65123' }),
    ];
    const state = foldInMemory(site, events)(T0 + 3600_000);
    expect(state.repeatCallers!.map((r) => [r.calls, r.queues, r.callIds])).toEqual([
      [2, ['billing'], ['r4', 'r5']],
      [2, ['billing', 'hotline'], ['r1', 'r2']],
    ]);
    expect(state.repeatCallers![1]!.client.phone).toBe('+7 914 123-45-67');
    expect(Object.fromEntries(state.queues.map((q) => [q.queue, q.repeatCallers]))).toEqual({ billing: 2, hotline: 1 });
    // walls and the duty view get the counts, never the list
    for (const audience of ['wall', 'redacted'] as const) {
      const shown = siteFor(state, audience);
      expect(shown.repeatCallers).toEqual([]);
      expect(JSON.stringify(shown)).not.toMatch(/914|65-?123/);
    }
  });
  it('forgets calls older than 24 hours', () => {
    const events = [...call('o1', 0, 'billing', { phone: '+79141234567' }), ...call('o2', 3600, 'billing', { phone: '+79141234567' })];
    const fold = foldInMemory(site, events);
    expect(fold(T0 + 24 * H).repeatCallers).toHaveLength(1);
    expect(fold(T0 + 24 * H + 60_000).repeatCallers).toHaveLength(0);
  });
});
