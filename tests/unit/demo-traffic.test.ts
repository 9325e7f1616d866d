import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import type { ObzorEvent } from '../../shared/events.js';
import { CallCentreSim, DEMO_ID_PREFIX, seededRandom } from '../../server/demo/call-centre-sim.js';
import { backfillFrom, closeLeftovers } from '../../server/demo/demo-leftovers.js';
import { demoDisplayToken } from '../../server/demo/demo-display.js';
import { demoCallsPerHour, demoClockHour, realDayCallsPerHour, RUSH_MS, rushAfterRestart } from '../../server/demo/traffic-profile.js';

const TZ = 'Asia/Sakhalin';
const at = (hhmm: string, day = 12) => {
  const [hour, minute] = hhmm.split(':').map(Number);
  return DateTime.fromObject({ year: 2025, month: 3, day, hour, minute }, { zone: TZ }).toMillis();
};
const AGENTS = 14;

function demoSim(seed: number, start: number, rushFrom = -Infinity) {
  return new CallCentreSim(
    { site: 'yuzhno-sakhalinsk', timeZone: TZ, agents: AGENTS, queues: ['hotline', 'billing', 'outages'], queueWeights: [0.45, 0.35, 0.2], speed: 1, rnd: seededRandom(seed), callsPerHour: (t) => demoCallsPerHour(t, TZ, { agents: AGENTS, speed: 1 }) * rushAfterRestart(t, rushFrom) },
    start,
  );
}

/** an hour of warm-up, then 10 minutes measured: calls, rings past 3 rings, what a wall would show every 10 s */
function tenMinutesAt(t0: number, seed: number) {
  const sim = demoSim(seed, t0 - 3_600_000);
  sim.start(t0 - 3_600_000);
  for (let t = t0 - 3_600_000 + 1000; t < t0; t += 1000) sim.step(t, 1000);
  let calls = 0;
  let past3 = 0;
  let withWaiting = 0;
  let samples = 0;
  const ringStart = new Map<string, number>();
  const states = new Set<string>();
  for (let t = t0; t < t0 + 600_000; t += 1000) {
    for (const e of sim.step(t, 1000)) {
      if (e.type === 'call.queued') calls++;
      if (e.type === 'call.offered') ringStart.set(e.callId, t);
      if ((e.type === 'call.answered' || e.type === 'call.ring_no_answer') && t - ringStart.get(e.callId)! > 15_000) past3++;
      if (e.type === 'agent.state') states.add(e.state);
    }
    if ((t - t0) % 10_000 === 0) {
      const c = sim.census();
      samples++;
      if (c.waiting > 0) withWaiting++;
      for (const [s, n] of Object.entries(c.agents)) if (n > 0) states.add(s);
    }
  }
  return { calls, past3, waitingShare: withWaiting / samples, states, census: sim.census() };
}

describe('demo clock', () => {
  it('maps every real hour onto a busy weekday morning between 08:30 and 11:30', () => {
    expect(demoClockHour(at('03:00'), TZ)).toBeCloseTo(8.5);
    expect(demoClockHour(at('10:00'), TZ)).toBeCloseTo(9.5);
    expect(demoClockHour(at('19:40'), TZ)).toBeCloseTo(10 + 10 / 60);
    for (let m = 0; m < 24 * 60; m += 7) {
      const h = demoClockHour(at('00:00') + m * 60_000, TZ);
      expect(h).toBeGreaterThanOrEqual(8.5);
      expect(h).toBeLessThan(11.5);
    }
  });

  it('keeps the load near the operators’ capacity at any hour, where a real day is quiet at night', () => {
    const capacity = (AGENTS * 3600) / 345;
    for (let m = 0; m < 24 * 60; m += 5) {
      const rate = demoCallsPerHour(at('00:00') + m * 60_000, TZ, { agents: AGENTS, speed: 1 });
      expect(rate).toBeGreaterThan(0.8 * capacity);
      expect(rate).toBeLessThan(1.25 * capacity);
    }
    // what the demo did before: 2 calls an hour at 03:00
    expect(realDayCallsPerHour(at('03:00'), TZ)).toBe(2);
    expect(demoCallsPerHour(at('03:00'), TZ, { agents: AGENTS, speed: 1 })).toBeGreaterThan(100);
    expect(demoCallsPerHour(at('03:00'), TZ, { agents: AGENTS, speed: 3 })).toBeCloseTo(3 * demoCallsPerHour(at('03:00'), TZ, { agents: AGENTS, speed: 1 }));
  });
});

describe('after a restart', () => {
  it('the dropped callers ring again: five times the rate at first, normal after RUSH_MS', () => {
    expect(rushAfterRestart(1000, 1000)).toBe(5);
    expect(rushAfterRestart(1000 + RUSH_MS / 2, 1000)).toBe(3);
    expect(rushAfterRestart(1000 + RUSH_MS, 1000)).toBe(1);
    expect(rushAfterRestart(999, 1000)).toBe(1);
    expect(rushAfterRestart(1000, -Infinity)).toBe(1);
  });

  it('an empty centre is busy again within two minutes with the rush, not without it', () => {
    const busyAfter2Min = (rush: boolean) =>
      [1, 2, 3, 4, 5].map((seed) => {
        const t0 = at('19:40');
        const sim = demoSim(seed, t0, rush ? t0 : -Infinity);
        sim.start(t0);
        for (let t = t0 + 1000; t <= t0 + 120_000; t += 1000) sim.step(t, 1000);
        return sim.census().agents.on_call;
      });
    const withRush = busyAfter2Min(true);
    const without = busyAfter2Min(false);
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    expect(Math.min(...withRush)).toBeGreaterThanOrEqual(AGENTS / 2);
    expect(mean(without)).toBeLessThan(mean(withRush) - 3);
  });
});

describe('demo traffic at 03:00, 10:00 and 19:40', () => {
  for (const hhmm of ['03:00', '10:00', '19:40']) {
    it(`${hhmm}: a busy morning — callers waiting, rings past 3 rings, operators in every state, callbacks and appeals in hand`, () => {
      const runs = [1, 2, 3, 4].map((seed) => tenMinutesAt(at(hhmm), seed));
      const calls = runs.map((r) => r.calls);
      // ~150 an hour for 14 operators: 25 per 10 minutes; the old demo made 0–1 at 03:00
      expect(Math.min(...calls)).toBeGreaterThanOrEqual(15);
      expect(calls.reduce((a, b) => a + b) / runs.length).toBeGreaterThan(20);
      expect(runs.reduce((a, r) => a + r.past3, 0)).toBeGreaterThan(4);
      expect(runs.reduce((a, r) => a + r.waitingShare, 0) / runs.length).toBeGreaterThan(0.3);
      const states = new Set(runs.flatMap((r) => [...r.states]));
      expect([...states].sort()).toEqual(['available', 'offline', 'on_call', 'paused', 'ringing', 'wrap_up']);
      expect(Math.max(...runs.map((r) => r.census.callbacks))).toBeGreaterThan(2);
      expect(Math.max(...runs.map((r) => r.census.appeals))).toBeGreaterThan(0);
    });
  }

  it('is deterministic under a seed', () => {
    const run = (seed: number) => {
      const sim = demoSim(seed, at('19:40'));
      const out: ObzorEvent[] = sim.start(at('19:40'));
      for (let t = at('19:40') + 1000; t < at('19:50'); t += 1000) out.push(...sim.step(t, 1000));
      return out;
    };
    expect(run(5)).toEqual(run(5));
    expect(run(5)).not.toEqual(run(6));
  });

  it('settles its promised callbacks and appeals over time instead of piling them up', () => {
    const sim = demoSim(9, at('00:00'));
    const out: ObzorEvent[] = sim.start(at('00:00'));
    for (let t = at('00:00') + 1000; t < at('06:00'); t += 1000) out.push(...sim.step(t, 1000));
    const promised = out.filter((e) => e.type === 'call.callback_promised').length;
    const done = out.filter((e) => e.type === 'call.callback_completed').length;
    expect(promised).toBeGreaterThan(30);
    expect(done).toBeGreaterThan(0.4 * promised);
    expect(sim.census().callbacks).toBe(promised - done);
    const appeals = out.filter((e) => e.type === 'appeal.registered').length;
    const settled = out.filter((e) => e.type === 'appeal.answered' || e.type === 'appeal.rejected').length;
    expect(appeals - settled).toBe(sim.census().appeals);
    expect(sim.census().appeals).toBeLessThan(10);
  });

  it('closes everything in flight at a stop: callers dropped, calls ended as reconciled, operators logged out', () => {
    const sim = demoSim(3, at('10:00'));
    sim.start(at('10:00'));
    for (let t = at('10:00') + 1000; t < at('10:30'); t += 1000) sim.step(t, 1000);
    const open = sim.callsInProgress();
    expect(open.some((c) => c.answered)).toBe(true);
    const out = sim.closeAll(at('10:30'));
    const closedCalls = out.filter((e) => e.type === 'call.abandoned' || e.type === 'call.ended').map((e) => ('callId' in e ? e.callId : ''));
    expect(closedCalls.sort()).toEqual(open.map((c) => c.callId).sort());
    expect(out.filter((e) => e.type === 'call.abandoned').every((e) => e.type === 'call.abandoned' && e.reason === 'dropped')).toBe(true);
    expect(out.filter((e) => e.type === 'call.ended').every((e) => e.type === 'call.ended' && e.outcome === 'reconciled')).toBe(true);
    expect(sim.census().agents.offline).toBe(AGENTS);
    expect(sim.callsInProgress()).toEqual([]);
    expect(out.every((e) => e.at === new Date(at('10:30')).toISOString())).toBe(true);
  });
});

describe('what an earlier run left open', () => {
  const live = {
    calls: [
      { callId: 'demo-yuzhno-s-abc-call-7', queue: 'hotline', state: 'ringing' as const, since: 1, ringStart: 2, agentId: 'op-01' },
      { callId: '1796115663.49', queue: 'billing', state: 'waiting' as const, since: 1 },
    ],
    conflicts: [
      { conflictId: 'demo-yuzhno-s-abc-conflict-3', agentId: 'op-02', severity: 'normal' as const, raisedAt: 1, updatedAt: 1 },
      { conflictId: 'crm-77', agentId: 'op-02', severity: 'high' as const, raisedAt: 1, updatedAt: 1 },
    ],
    callbacks: [
      { ref: 'call:demo-yuzhno-s-abc-call-2', kind: 'call' as const, dueAt: 5000 },
      { ref: 'call:real-9', kind: 'call' as const, dueAt: 5000 },
      { ref: 'appeal:demo-yuzhno-s-abc-appeal-4', kind: 'appeal' as const, dueAt: 5000 },
    ],
    appeals: [
      { appealId: 'demo-yuzhno-s-abc-appeal-4', channel: 'answering_machine' as const, clientType: 'individual' as const, registeredAt: 1, dueAt: 9 },
      { appealId: 'mail-1', channel: 'mail' as const, clientType: 'legal' as const, registeredAt: 1, dueAt: 9 },
    ],
  };
  const journal = [
    { callId: 'demo-yuzhno-s-abc-call-5', answered: true },
    { callId: 'demo-yuzhno-s-abc-call-7', answered: false },
    { callId: 'demo-yuzhno-s-abc-call-8', answered: false },
    { callId: 'op-real-call', answered: true },
  ];

  it('closes only the demo’s own calls, at the time given, and hands over its conflicts, callbacks and appeals', () => {
    const t = Date.UTC(2025, 2, 12, 1);
    const c = closeLeftovers({ site: 's1', live, journal }, t);
    expect(c.events).toEqual([
      { id: 'demo-close-demo-yuzhno-s-abc-call-7', at: new Date(t).toISOString(), site: 's1', type: 'call.abandoned', callId: 'demo-yuzhno-s-abc-call-7', reason: 'dropped' },
      { id: 'demo-close-demo-yuzhno-s-abc-call-5', at: new Date(t).toISOString(), site: 's1', type: 'call.ended', callId: 'demo-yuzhno-s-abc-call-5', outcome: 'reconciled' },
    ]);
    expect(c.takeOver).toEqual({ conflicts: ['demo-yuzhno-s-abc-conflict-3'], callbacks: [{ callId: 'demo-yuzhno-s-abc-call-2', dueAt: 5000 }], appeals: ['demo-yuzhno-s-abc-appeal-4'] });
    expect(c.events.every((e) => e.id.startsWith(DEMO_ID_PREFIX))).toBe(true);
  });

  it('gives the same ids when run twice (a start that failed half-way is applied once)', () => {
    expect(closeLeftovers({ site: 's1', live, journal }, 1000).events.map((e) => e.id)).toEqual(closeLeftovers({ site: 's1', live, journal }, 2000).events.map((e) => e.id));
  });

  it('has nothing to do on an empty wall', () => {
    expect(closeLeftovers({ site: 's1', live: { calls: [], conflicts: [], callbacks: [], appeals: [] }, journal: [] }, 1)).toEqual({ events: [], takeOver: { conflicts: [], callbacks: [], appeals: [] } });
  });

  it('fills the day from its start on a first run, only the gap after an earlier run, never past now', () => {
    const dayStart = at('00:00');
    const now = at('15:00');
    expect(backfillFrom(now, dayStart, undefined)).toBe(dayStart);
    expect(backfillFrom(now, dayStart, at('14:55'))).toBe(at('14:55'));
    expect(backfillFrom(now, dayStart, at('23:00', 11))).toBe(dayStart);
    expect(backfillFrom(now, dayStart, now + 5000)).toBe(now);
    expect(backfillFrom(now, dayStart, undefined, 30 * 60_000)).toBe(at('14:30'));
  });

  it('a run that takes over settles them: conflicts resolved, callbacks made, appeals answered', () => {
    const sim = demoSim(4, at('10:00'));
    sim.start(at('10:00'));
    sim.takeOver({ conflicts: ['demo-x-conflict-1'], callbacks: [{ callId: 'demo-x-call-2', dueAt: at('09:00') }, { callId: 'demo-x-call-3', dueAt: at('11:00') }], appeals: ['demo-x-appeal-4'] }, at('10:00'));
    const out: ObzorEvent[] = [];
    for (let t = at('10:00') + 1000; t < at('12:30'); t += 1000) out.push(...sim.step(t, 1000));
    const settled = (type: string, key: string, id: string) => out.find((e) => e.type === type && (e as Record<string, unknown>)[key] === id);
    expect(settled('conflict.resolved', 'conflictId', 'demo-x-conflict-1')).toBeDefined();
    const overdue = settled('call.callback_completed', 'callId', 'demo-x-call-2')!;
    expect(Date.parse(overdue.at)).toBeLessThanOrEqual(at('10:10'));
    expect(settled('call.callback_completed', 'callId', 'demo-x-call-3')).toBeDefined();
    expect(settled('appeal.answered', 'appealId', 'demo-x-appeal-4')).toBeDefined();
  });
});

describe('demo wall token', () => {
  it('is the same for one deployment’s secret, different for another’s, and not the secret itself', () => {
    const a = demoDisplayToken('secret-of-deployment-a-0123456789abcdef');
    expect(demoDisplayToken('secret-of-deployment-a-0123456789abcdef')).toBe(a);
    expect(demoDisplayToken('secret-of-deployment-b-0123456789abcdef')).not.toBe(a);
    expect(a).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(a).not.toContain('secret');
  });
});
