/**
 * Issue 19: any sequence of deltas applied to a snapshot equals the full state. Random site
 * states (lists of entities that grow, shrink, reorder and change; nested KPI objects; optional
 * fields that come and go) are diffed pairwise along a random walk and applied in turn.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { applyObject, diffObject, LIST_IDS, sameValue } from '../../shared/site-patch.js';

const id = fc.constantFrom('a', 'b', 'c', 'd', 'e', 'f', 'g', 'h');
const small = fc.oneof(fc.integer({ min: -5, max: 5 }), fc.constantFrom('x', 'y', 'waiting', 'ringing'), fc.boolean(), fc.constant(null));
const kpi = fc.record({ value: fc.option(fc.double({ min: 0, max: 1, noNaN: true }), { nil: null }), status: fc.constantFrom('ok', 'warn', 'alert'), target: fc.constant(0.9) }, { requiredKeys: ['status'] });
const entity = (key: string) =>
  fc.uniqueArray(
    fc.record({ [key]: id, state: small, since: fc.integer({ min: 0, max: 3 }), queues: fc.option(fc.array(fc.constantFrom('q1', 'q2'), { maxLength: 2 }), { nil: undefined }), kpis: fc.option(fc.record({ wait: kpi }), { nil: undefined }) }, { requiredKeys: [key, 'state'] }),
    { selector: (e) => e[key], maxLength: 6 },
  );
const siteState = fc.record(
  {
    site: fc.constant('kholmsk'),
    seq: fc.integer({ min: 0, max: 1e6 }),
    name: fc.record({ ru: fc.constantFrom('Холмск', 'Х'), en: fc.constant('Kholmsk') }),
    norms: fc.record({ ringSeconds: fc.integer({ min: 1, max: 9 }), wrapUpMaxSeconds: fc.option(fc.constant(60), { nil: undefined }) }, { requiredKeys: ['ringSeconds'] }),
    today: fc.record({ offered: fc.nat(99), answered: fc.nat(99), lostShort: fc.option(fc.nat(9), { nil: undefined }) }, { requiredKeys: ['offered', 'answered'] }),
    kpis: fc.record({ answeredIn3Rings: kpi, connectAvg: kpi }),
    queues: entity(LIST_IDS.queues!),
    calls: entity(LIST_IDS.calls!),
    agents: entity(LIST_IDS.agents!),
    conflicts: entity(LIST_IDS.conflicts!),
    /** a list without ids: replaced whole */
    notes: fc.array(small, { maxLength: 3 }),
    agentsToday: fc.option(entity(LIST_IDS.agentsToday!), { nil: undefined }),
  },
  { requiredKeys: ['site', 'seq', 'name', 'norms', 'today', 'kpis', 'queues', 'calls', 'agents', 'conflicts', 'notes'] },
);
/** JSON as the wire carries it: undefined fields are not there */
const wire = <T>(v: T): T => JSON.parse(JSON.stringify(v)) as T;

describe('site deltas', () => {
  it('applied in turn to the snapshot, equal every full state of the walk', () => {
    fc.assert(
      fc.property(fc.array(siteState, { minLength: 2, maxLength: 8 }), (walk) => {
        let screen = wire(walk[0]!);
        for (let i = 1; i < walk.length; i++) {
          const patch = diffObject(wire(walk[i - 1]!), wire(walk[i]!));
          screen = patch ? applyObject(screen, wire(patch)) : screen;
          expect(screen).toEqual(wire(walk[i]!));
        }
      }),
      { numRuns: 500 },
    );
  });

  it('say nothing for no change, and leave the state they apply to as it was', () => {
    fc.assert(
      fc.property(siteState, siteState, (a, b) => {
        const [x, y] = [wire(a), wire(b)];
        expect(diffObject(x, wire(a))).toBeNull();
        const frozen = JSON.stringify(x);
        const patch = diffObject(x, y);
        if (patch) applyObject(x, patch);
        expect(JSON.stringify(x)).toBe(frozen);
        expect(sameValue(x, y)).toBe(patch === null);
      }),
      { numRuns: 300 },
    );
  });

  it('carry only what changed: one call more, one agent in another state, a KPI value', () => {
    const base = { seq: 1, kpis: { wait: { value: 10, status: 'ok', target: 40, warnAt: 30, alertAt: 60, name: 'Ожидание' } }, calls: [{ callId: 'c1', since: 1 }], agents: [{ agentId: 'op-1', state: 'available' }, { agentId: 'op-2', state: 'on_call' }] };
    const next = { ...base, seq: 2, kpis: { wait: { ...base.kpis.wait, value: 35, status: 'warn' } }, calls: [...base.calls, { callId: 'c2', since: 2 }], agents: [base.agents[0], { agentId: 'op-2', state: 'wrap_up' }] };
    expect(diffObject(base, next)).toEqual({
      set: { seq: 2 },
      sub: { kpis: { sub: { wait: { set: { value: 35, status: 'warn' } } } } },
      // members came: every id; members changed in place: none
      lists: { calls: { add: [{ callId: 'c2', since: 2 }], order: ['c1', 'c2'] }, agents: { sub: { 'op-2': { set: { state: 'wrap_up' } } } } },
    });
    // re-sorted: the order, by id
    expect(diffObject(base, { ...base, agents: [base.agents[1], base.agents[0]] })).toEqual({ lists: { agents: { order: ['op-2', 'op-1'] } } });
    // a call gone from the middle: its id, and the ids left
    const three = { calls: [{ callId: 'c1' }, { callId: 'c2' }, { callId: 'c3' }] };
    expect(diffObject(three, { calls: [{ callId: 'c1' }, { callId: 'c3' }] })).toEqual({ lists: { calls: { del: ['c2'], order: ['c1', 'c3'] } } });
  });

  it('set right a screen whose base held a call the server never pushed, at the next change of members', () => {
    // the snapshot was read between two pushes: it holds c9, queued and gone between them
    const pushed = { calls: [{ callId: 'c1' }] };
    const screen = { calls: [{ callId: 'c1' }, { callId: 'c9' }] };
    const next = { calls: [{ callId: 'c1' }, { callId: 'c2' }] };
    expect(applyObject(screen, diffObject(pushed, next)!)).toEqual(next);
  });
});
