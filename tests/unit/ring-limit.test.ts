/**
 * N1's ring limit is one rule (shared/ring-limit.ts): the server counts with it and lists the
 * calls ringing past it, and the wall ticks the same list on between updates, with the site's
 * norms — so at the boundary and with a site's own ring count both say the same.
 */
import { describe, expect, it } from 'vitest';
import type { CallEvent } from '../../shared/events.js';
import { queueCounterField } from '../../shared/counters.js';
import { isPastRingLimit, ringLimitMs, ringingPastLimit } from '../../shared/ring-limit.js';
import type { WaitingCall } from '../../shared/snapshot.js';
import { deriveCall } from '../../server/domain/call-fold.js';
import { SiteNorms } from '../../server/domain/sites.js';
import { lateRings } from '../../client/src/domain/ring-status.js';
import { ev, T0 } from '../helpers/event-factory.js';

const standard = SiteNorms.parse({});
const fourRings = SiteNorms.parse({ ringsToAnswer: 4 });
const ringing = (callId: string, ringStart: number): WaitingCall => ({ callId, queue: 'hotline', state: 'ringing', since: ringStart - 5000, ringStart, agentId: 'op-1' });

describe('the ring limit (N1)', () => {
  it('is ringSeconds × ringsToAnswer, broken only by a ring strictly longer', () => {
    expect(ringLimitMs(standard)).toBe(15_000);
    expect(ringLimitMs(fourRings)).toBe(20_000);
    expect(isPastRingLimit(15_000, standard)).toBe(false);
    expect(isPastRingLimit(15_001, standard)).toBe(true);
  });

  it('counts an answer after exactly 15 s of ringing as in time, and one after 16 s as a ring past the limit', () => {
    const call = (id: string, ringFor: number) =>
      [ev('call.queued', 0, { callId: id, queue: 'hotline', line: 'hotline' }), ev('call.offered', 5, { callId: id, agentId: 'op-1' }), ev('call.answered', 5 + ringFor, { callId: id, agentId: 'op-1' })] as CallEvent[];
    const fields = (id: string, ringFor: number, norms = standard) => Object.keys(deriveCall(call(id, ringFor), norms).counters).map((k) => k.slice(k.indexOf('|') + 1));
    const inTime = queueCounterField('hotline', 'answeredIn3Rings');
    expect(fields('r15', 15)).toContain(inTime);
    expect(fields('r16', 16)).toContain(queueCounterField('hotline', 'ringsPast3'));
    expect(fields('r16', 16)).not.toContain(inTime);
    // a site that allows 4 rings: 16 s is in time
    expect(fields('r16b', 16, fourRings)).toContain(inTime);
  });

  it("gives the wall the server's list of calls ringing past the limit, ticking, with the site's norms", () => {
    const calls = [ringing('a', T0), ringing('b', T0 + 1000), { callId: 'w', queue: 'hotline', state: 'waiting' as const, since: T0 - 60_000 }];
    const at = T0 + 16_000;
    expect(ringingPastLimit(calls, standard, at).map((r) => [r.callId, r.pastLimitAt])).toEqual([['a', T0 + 15_000]]);
    expect(lateRings([{ site: 's', calls, norms: standard }], at).map((r) => r.callId)).toEqual(['a']);
    // a second later the next one has crossed too, on both sides
    expect(ringingPastLimit(calls, standard, at + 1000).map((r) => r.callId)).toEqual(['a', 'b']);
    expect(lateRings([{ site: 's', calls, norms: standard }], at + 1000).map((r) => r.callId)).toEqual(['a', 'b']);
    // four rings allowed: nobody yet, on either side
    expect(ringingPastLimit(calls, fourRings, at)).toEqual([]);
    expect(lateRings([{ site: 's', calls, norms: fourRings }], at)).toEqual([]);
  });
});
