/**
 * Import of whole files. Expected figures are counted by hand from the files (see
 * tests/fixtures/asterisk/README.md), not from the code.
 */
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ObzorEvent, type CallEvent } from '../../shared/events.js';
import { callFacts } from '../../server/domain/call-fold.js';
import { importQueueLog, type QueueLogImportOptions } from '../../server/adapters/asterisk/queue-log-import.js';

const SITE = 'yuzhno-sakhalinsk';
const fixture = (name: string) => fileURLToPath(new URL(`../fixtures/asterisk/${name}`, import.meta.url));
const PBXWARE = fixture('pbxware-2018.queue_log');
const SLACK = fixture('asterisk2slack-fixture.queue_log');

async function run(path: string, opts: Partial<QueueLogImportOptions> = {}) {
  const events: ObzorEvent[] = [];
  const batches: number[] = [];
  const summary = await importQueueLog(path, {
    site: SITE,
    ...opts,
    sink: async (batch) => {
      batches.push(batch.length);
      events.push(...batch);
    },
  });
  return { summary, events, batches };
}

function byType(events: readonly ObzorEvent[], type: string) {
  return events.filter((e) => e.type === type);
}

describe('queue_log import: a day written from the Asterisk documentation', () => {
  it('counts lines, defects and unknown verbs without failing', async () => {
    const { summary: s } = await run(fixture('day.queue_log'));
    expect(s.lines).toBe(61);
    expect(s.blank).toBe(1);
    expect(s.duplicates).toBe(1);
    expect(s.malformed.map((m) => m.lineNo)).toEqual([12, 22, 28, 38, 48]);
    expect(s.malformed[3]!.reason).toBe('CONNECT holdtime (data1): expected a whole number, got "abc"');
    expect(s.malformedCount).toBe(5);
    expect(s.unknownVerbs).toEqual({ MYCUSTOMEVENT: 1, DID: 1 });
    expect(s.partialLastLine).toEqual({ lineNo: 62, bytes: 45 });
    expect(s.firstAt).toBe('2026-11-17T21:55:00.000Z');
    expect(s.lastAt).toBe('2026-11-18T06:00:20.000Z');
  });

  it('maps every call and agent line', async () => {
    const { summary: s, events } = await run(fixture('day.queue_log'));
    expect(s.events).toBe(68);
    expect(s.eventsByType).toEqual({
      'call.queued': 13,
      'call.offered': 9,
      'call.ring_no_answer': 4,
      'call.answered': 5,
      'call.ended': 5,
      'call.abandoned': 7,
      'agent.state': 25,
    });
    expect(new Set(events.map((e) => e.id)).size).toBe(68);
    for (const e of events) expect(ObzorEvent.safeParse(e).success, e.id).toBe(true);
    // call A: queued 09:05:00, rang SIP/101 15 s, rang PJSIP/102 9 s, answered 09:05:24 (+11:00)
    const a = events.filter((e) => 'callId' in e && e.callId === '1794953098.101').map((e) => [e.type, e.at, 'agentId' in e ? e.agentId : '']);
    expect(a).toEqual([
      ['call.queued', '2026-11-17T22:05:00.000Z', ''],
      ['call.offered', '2026-11-17T22:05:00.000Z', '101'],
      ['call.ring_no_answer', '2026-11-17T22:05:15.000Z', '101'],
      ['call.offered', '2026-11-17T22:05:15.000Z', '102'],
      ['call.answered', '2026-11-17T22:05:24.000Z', '102'],
      ['call.ended', '2026-11-17T22:08:24.000Z', ''],
    ]);
    const ivan = events.filter((e) => e.type === 'agent.state' && e.agentId === 'ivan-petrov').map((e) => e.type === 'agent.state' && e.state);
    expect(ivan).toEqual(['paused', 'available', 'on_call', 'available']);
    const last = new Map(events.flatMap((e) => (e.type === 'agent.state' ? [[e.agentId, e.state] as const] : [])));
    expect(Object.fromEntries(last)).toEqual({ '101': 'offline', '102': 'available', '103': 'offline', 'ivan-petrov': 'available' });
  });

  it("computes Asterisk's own figures (definitions in docs/asterisk.md)", async () => {
    const { summary: s } = await run(fixture('day.queue_log'));
    expect([s.answered, s.abandoned, s.timedOut]).toEqual([5, 2, 1]);
    const t = s.stats.total;
    expect(t).toMatchObject({
      entered: 13,
      answered: 5,
      completed: 5,
      completedByCaller: 2,
      completedByAgent: 1,
      transferred: 2,
      abandoned: 2,
      timedOut: 1,
      exitEmpty: 1,
      exitWithKey: 1,
      dropped: 2,
      withdrawn: 0,
      asteriskAbandoned: 4,
      open: 1,
      answeredWithinSl: 3,
      serviceLevelSeconds: 20,
    });
    expect(t.avgWaitSec).toBeCloseTo(103 / 5, 10); // 24 + 6 + 12 + 41 + 20
    expect(t.avgTalkSec).toBeCloseTo(807 / 5, 10); // 180 + 120 + 88 + 359 + 60
    expect(t.avgAbandonWaitSec).toBeCloseTo(26.5, 10); // (45 + 8) / 2
    expect(t.serviceLevelPct).toBeCloseTo(60, 10);
    expect(s.stats.byQueue.hotline).toMatchObject({ entered: 9, answered: 4, completed: 4, abandoned: 1, timedOut: 1, dropped: 2, open: 1, answeredWithinSl: 2 });
    expect(s.stats.byQueue.hotline!.avgWaitSec).toBeCloseTo(91 / 4, 10);
    expect(s.stats.byQueue.billing).toMatchObject({ entered: 4, answered: 1, completed: 1, transferred: 1, abandoned: 1, exitEmpty: 1, exitWithKey: 1, open: 0 });
    const strict = await run(fixture('day.queue_log'), { serviceLevelSeconds: 10 });
    expect(strict.summary.stats.total.answeredWithinSl).toBe(1); // only the 6 s wait
  });

  it('re-importing the same file gives the same events with the same ids', async () => {
    const first = await run(fixture('day.queue_log'));
    const second = await run(fixture('day.queue_log'), { batchSize: 7 });
    expect(second.events).toEqual(first.events);
    expect(Math.max(...second.batches)).toBe(7);
  });

  it('reports progress and keeps batches within the contract limit', async () => {
    const progress: number[] = [];
    const { batches } = await run(fixture('day.queue_log'), { batchSize: 5000, onProgress: (p) => progress.push(p.bytes) });
    expect(Math.max(...batches)).toBeLessThanOrEqual(1000);
    expect(progress.at(-1)).toBe(3575);
  });
});

describe('queue_log import: the real PBXware export (tests/fixtures/asterisk)', () => {
  it('reads all 743 lines with the verb counts of the README', async () => {
    const { summary: s } = await run(PBXWARE);
    expect(s.lines).toBe(743);
    expect(s.malformed).toEqual([]);
    expect(s.unknownVerbs).toEqual({});
    expect(s.verbs).toEqual({
      RINGNOANSWER: 360,
      ENTERQUEUE: 108,
      CONNECT: 93,
      COMPLETEAGENT: 51,
      COMPLETECALLER: 38,
      ADDMEMBER: 26,
      AGENTCALLBACKLOGIN: 14,
      ABANDON: 12,
      CONFIGRELOAD: 11,
      REMOVEMEMBER: 10,
      AGENTCALLBACKLOGOFF: 10,
      QUEUESTART: 7,
      EXITWITHTIMEOUT: 1,
      BLINDTRANSFER: 1,
      ATTENDEDTRANSFER: 1,
    });
  });

  it('maps to the hand-counted events: one queued per ENTERQUEUE, two per ring, three per CONNECT …', async () => {
    const { summary: s, events } = await run(PBXWARE);
    expect(s.eventsByType).toEqual({
      'call.queued': 108,
      'call.offered': 453, // 360 rings + 93 answered rings
      'call.ring_no_answer': 360,
      'call.answered': 93,
      'call.ended': 91, // 51 + 38 completed + 2 transfers
      'call.abandoned': 13, // 12 ABANDON + 1 EXITWITHTIMEOUT
      'agent.state': 244, // 93 on_call + 91 after-call + 26 ADDMEMBER + 14 login + 10 REMOVEMEMBER + 10 logoff
    });
    expect(new Set(events.map((e) => e.id)).size).toBe(1362);
    for (const e of events) expect(ObzorEvent.safeParse(e).success).toBe(true);
    // Local/1127@callback-agent (ADDMEMBER) and Agent/1127 (CONNECT) are one operator; 6 operators in all
    expect(new Set(events.flatMap((e) => ('agentId' in e ? [e.agentId] : [])))).toEqual(new Set(['1109', '1126', '1127', '1128', '1141', '1144']));
  });

  it("gives Asterisk's figures: 93 answered, 12 abandoned, 1 timed out, 4 calls open at the end", async () => {
    const { summary: s } = await run(PBXWARE);
    expect([s.answered, s.abandoned, s.timedOut]).toEqual([93, 12, 1]);
    const t = s.stats.total;
    expect(t).toMatchObject({ entered: 108, completed: 91, completedByAgent: 51, completedByCaller: 38, transferred: 2, asteriskAbandoned: 13, open: 4, answeredWithinSl: 39 });
    expect(t.avgWaitSec).toBeCloseTo(3599 / 93, 10); // sum of CONNECT holdtimes / answered
    expect(t.avgTalkSec).toBeCloseTo(23913 / 91, 10); // 23845 completed + 68 transferred talk seconds
    expect(t.avgAbandonWaitSec).toBeCloseTo(1141 / 12, 10);
    expect(s.firstAt).toBe('2018-11-29T21:34:49.000Z');
    expect(s.lastAt).toBe('2018-12-04T17:00:51.000Z');
  });

  it('folds into the same answered/abandoned calls in the Obzor call fold', async () => {
    const { events } = await run(PBXWARE);
    const calls = new Map<string, CallEvent[]>();
    for (const e of events) {
      if (!e.type.startsWith('call.')) continue;
      const c = e as CallEvent;
      calls.set(c.callId, [...(calls.get(c.callId) ?? []), c]);
    }
    const facts = [...calls.values()].map((list) => callFacts(list));
    expect(facts.filter((f) => f.answeredAt !== undefined)).toHaveLength(93);
    expect(facts.filter((f) => f.abandonedAt !== undefined)).toHaveLength(13);
    expect(facts.filter((f) => f.endedAt === undefined && f.abandonedAt === undefined)).toHaveLength(4);
    // CONNECT 76 s after ENTERQUEUE, ring 6 s: the answered ring starts 6 s before the answer
    const first = facts.find((f) => f.callId === '1543602660.197')!;
    expect(first.answeredAt! - first.queuedAt!).toBe(76_000);
    expect(first.rings.find((r) => r.answered)).toMatchObject({ agentId: '1127', start: first.answeredAt! - 6000 });
  });
});

describe('queue_log import: the asterisk2slack excerpt with defects', () => {
  it('survives duplicates, out-of-order lines, blank lines, an orphan COMPLETECALLER, DID and agent names', async () => {
    const { summary: s, events } = await run(SLACK);
    expect(s).toMatchObject({ lines: 23, blank: 2, duplicates: 6, malformedCount: 0, unknownVerbs: { DID: 1 }, partialLastLine: null, events: 29 });
    expect(s.verbs).toEqual({ DID: 1, ENTERQUEUE: 2, RINGNOANSWER: 3, CONNECT: 3, COMPLETECALLER: 2, COMPLETEAGENT: 4 });
    expect(s.stats.total).toMatchObject({ entered: 2, answered: 3, completed: 3, abandoned: 0, open: 1, answeredWithinSl: 3 });
    expect(s.stats.total.avgWaitSec).toBeCloseTo(10, 10); // (10 + 14 + 6) / 3
    expect(s.stats.total.avgTalkSec).toBeCloseTo(252, 10); // (122 + 406 + 228) / 3
    expect(new Set(byType(events, 'call.offered').map((e) => (e.type === 'call.offered' ? e.agentId : '')))).toEqual(
      new Set(['john-rembold', 'tania-lissete-flores-zavala', 'sara-sangri', 'paty-marin']),
    );
    // the orphan COMPLETECALLER (no ENTERQUEUE, no CONNECT) still closes its call
    expect(byType(events, 'call.ended').filter((e) => 'callId' in e && e.callId === '1546023604.760166')).toHaveLength(1);
  });
});
