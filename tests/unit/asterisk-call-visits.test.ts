/**
 * What the Asterisk feeds need of the call and agent folds (issue 13): a call's visits of
 * several queues, calls closed by reconciliation, and events of the same second in the
 * source's own order.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { AgentEvent, CallEvent, ObzorEvent } from '../../shared/events.js';
import { deriveAgent } from '../../server/domain/agent-fold.js';
import { bucketOf } from '../../shared/buckets.js';
import { callFacts, deriveCall } from '../../server/domain/call-fold.js';
import { sumCounters } from '../../server/domain/day-totals.js';
import { SiteNorms } from '../../server/domain/sites.js';
import { QueueLogProcessor } from '../../server/adapters/asterisk/queue-log-processor.js';
import { ev, T0 } from '../helpers/event-factory.js';

const norms = SiteNorms.parse({});
const SITE = 'yuzhno-sakhalinsk';

/** the fold's counters as the dashboard sums them */
function totals(events: readonly CallEvent[]) {
  const byBucket = new Map<number, Record<string, string>>();
  for (const [k, v] of Object.entries(deriveCall(events, norms).counters)) {
    const cut = k.indexOf('|');
    const b = Number(k.slice(0, cut));
    const h = byBucket.get(b) ?? {};
    h[k.slice(cut + 1)] = String(v);
    byBucket.set(b, h);
  }
  return sumCounters([...byBucket.values()]);
}

/** lines of the real run: 1796115663.49 answered in hotline, blind-transferred into billing, answered there */
const TRANSFERRED = [
  '1796115663|1796115663.49|hotline|NONE|ENTERQUEUE||79141000007|1',
  '1796115667|1796115663.49|hotline|Иван Петров|CONNECT|4|1796115663.52|4',
  '1796115683|1796115663.49|hotline|Иван Петров|BLINDTRANSFER|2000|xfer|4|16|3',
  '1796115683|1796115663.49|billing|NONE|ENTERQUEUE||79141000007|1',
  '1796115699|1796115663.49|billing|Paty Marin|CONNECT|16|1796115697.80|2',
  '1796115721|1796115663.49|billing|Paty Marin|COMPLETEAGENT|16|22|1',
];
const mapped = (lines: readonly string[]) => {
  const p = new QueueLogProcessor({ site: SITE });
  return lines.flatMap((l, i) => p.process(l, i + 1).events) as ObzorEvent[];
};
const calls = (events: readonly ObzorEvent[]) => events.filter((e): e is CallEvent => e.type.startsWith('call.'));

describe('a call that visits two queues', () => {
  it('counts once for the site, and in each queue as that queue saw it', () => {
    const events = calls(mapped(TRANSFERRED));
    const t = totals(events);
    expect(t.site).toMatchObject({ offered: 1, answered: 1, abandoned: 0, ended: 1, redirected: 1, waitN: 1, waitSumMs: 4000, handleN: 1, handleSumMs: 16_000 + 22_000 });
    const hotline = t.byQueue.get('hotline')!;
    const billing = t.byQueue.get('billing')!;
    expect(hotline).toMatchObject({ offered: 1, answered: 1, ended: 1, redirected: 1, waitSumMs: 4000, handleN: 1, handleSumMs: 16_000 });
    expect(billing).toMatchObject({ offered: 1, answered: 1, ended: 1, redirected: 0, waitN: 1, waitSumMs: 16_000, handleN: 1, handleSumMs: 22_000 });
    // the BLINDTRANSFER and the ENTERQUEUE of billing share a second: the file's order splits them
    expect(callFacts(events).visits.map((v) => [v.queue, v.outcome])).toEqual([
      ['hotline', 'redirected'],
      ['billing', 'resolved'],
    ]);
  });

  it('gives the transfer to the queue it was talked in when the PBX logs the next queue’s entry first', () => {
    // under load Asterisk may write billing's ENTERQUEUE before hotline's BLINDTRANSFER (same second)
    const swapped = [TRANSFERRED[0]!, TRANSFERRED[1]!, TRANSFERRED[3]!, TRANSFERRED[2]!, TRANSFERRED[4]!, TRANSFERRED[5]!];
    const events = calls(mapped(swapped));
    expect(callFacts(events).visits.map((v) => [v.queue, v.outcome])).toEqual([
      ['hotline', 'redirected'],
      ['billing', 'resolved'],
    ]);
    const t = totals(events);
    expect(t.byQueue.get('hotline')).toMatchObject({ ended: 1, redirected: 1, handleN: 1, handleSumMs: 16_000 });
    expect(t.byQueue.get('billing')).toMatchObject({ ended: 1, redirected: 0, handleN: 1, handleSumMs: 22_000 });
    expect(t.site).toEqual(totals(calls(mapped(TRANSFERRED))).site);
  });

  it('while it waits in the second queue, it is shown waiting there, since it entered that queue', () => {
    const d = deriveCall(calls(mapped(TRANSFERRED.slice(0, 4))), norms);
    expect(JSON.parse(d.live['calls|1796115663.49']!)).toMatchObject({ queue: 'billing', state: 'waiting', since: 1796115683_000 });
  });

  it('the same queue reported again (a second feed, a re-sent line) is the same visit', () => {
    const events = calls(mapped(TRANSFERRED));
    const again = ev('call.queued', 0, { callId: '1796115663.49', queue: 'hotline', line: 'direct' }, { base: 1796115663_300 });
    expect(callFacts([...events, again as CallEvent]).visits).toHaveLength(2);
    expect(totals([...events, again as CallEvent]).site.offered).toBe(1);
  });

  it('reported by two sources a fraction of a second apart (AMI, then the queue_log imported for a gap), each step stays in its visit', () => {
    // the live PBX's shape: answered and blind-transferred within one second, the queue_log's whole second before AMI's stamps
    const c = '1796126299.37';
    const at = (s: number) => new Date(s * 1000).toISOString();
    const ql = [
      { type: 'call.queued', at: at(1796126299), queue: 'hotline', line: 'direct' },
      { type: 'call.offered', at: at(1796126299), agentId: '1006' },
      { type: 'call.answered', at: at(1796126301), agentId: '1006' },
      { type: 'call.ended', at: at(1796126301), outcome: 'redirected' },
      { type: 'call.queued', at: at(1796126301), queue: 'billing', line: 'direct' },
      { type: 'call.offered', at: at(1796126320), agentId: '1003' },
      { type: 'call.answered', at: at(1796126322), agentId: '1003' },
      { type: 'call.ended', at: at(1796126338), outcome: 'resolved' },
    ].map((e, i) => ({ ...e, id: `ql-${i}`, site: SITE, source: 'pbx-import', sourceSeq: i + 1, callId: c }));
    const ami = [
      { type: 'call.queued', at: at(1796126299.41), queue: 'hotline', line: 'direct' },
      { type: 'call.offered', at: at(1796126299.42), agentId: '1006' },
      { type: 'call.answered', at: at(1796126301.45), agentId: '1006' },
      { type: 'call.ended', at: at(1796126301.47), outcome: 'redirected' },
      { type: 'call.queued', at: at(1796126301.48), queue: 'billing', line: 'direct' },
      { type: 'call.offered', at: at(1796126320.2), agentId: '1003' },
      { type: 'call.answered', at: at(1796126322.3), agentId: '1003' },
      { type: 'call.ended', at: at(1796126338.1), outcome: 'resolved' },
    ].map((e, i) => ({ ...e, id: `ami-${i}`, site: SITE, source: 'pbx-ami', sourceSeq: i + 1, callId: c }));
    const both = [...ql, ...ami] as CallEvent[];
    expect(callFacts(both).visits.map((v) => [v.queue, v.answeredBy, v.outcome])).toEqual([
      ['hotline', '1006', 'redirected'],
      ['billing', '1003', 'resolved'],
    ]);
    const t = totals(both);
    expect(t.byQueue.get('billing')).toMatchObject({ offered: 1, answered: 1, ended: 1, redirected: 0 });
    expect(t.site).toMatchObject({ offered: 1, answered: 1, ended: 1, redirected: 1 });
    // the AMI feed alone, or with the import, counts alike
    expect(totals(ami as CallEvent[]).site).toMatchObject({ offered: 1, answered: 1, ended: 1, redirected: 1 });
  });

  it('folds to the same contribution in any order', () => {
    const events = calls(mapped(TRANSFERRED));
    const expected = deriveCall(events, norms);
    fc.assert(
      fc.property(fc.shuffledSubarray(events, { minLength: events.length, maxLength: events.length }), (perm) => {
        expect(deriveCall(perm, norms)).toEqual(expected);
      }),
      { numRuns: 200 },
    );
  });

  it('a call lost in its first queue and answered in the next is answered for the site, lost for that queue', () => {
    const c = 'v-2';
    const events = [
      ev('call.queued', 0, { callId: c, queue: 'hotline', line: 'hotline' }),
      ev('call.abandoned', 30, { callId: c, reason: 'exit_key' }),
      ev('call.queued', 31, { callId: c, queue: 'billing', line: 'direct' }),
      ev('call.answered', 40, { callId: c, agentId: 'op-1' }),
      ev('call.ended', 100, { callId: c, outcome: 'resolved' }),
    ] as CallEvent[];
    const t = totals(events);
    expect(t.site).toMatchObject({ offered: 1, answered: 1, abandoned: 0, waitSumMs: 40_000 });
    expect(t.byQueue.get('hotline')).toMatchObject({ offered: 1, answered: 0, abandoned: 1 });
    expect(t.byQueue.get('billing')).toMatchObject({ offered: 1, answered: 1, abandoned: 0, waitSumMs: 9000 });
    // the site's counters are in the interval the call began in, each visit's in its own
    expect(Object.keys(deriveCall(events, norms).counters).every((k) => k.startsWith(`${bucketOf(T0)}|`))).toBe(true);
  });
});

describe('a call closed by reconciliation', () => {
  const c = 'r-1';
  const queued = ev('call.queued', 0, { callId: c, queue: 'hotline', line: 'hotline' });
  const reconciled = ev('call.ended', 600, { callId: c, outcome: 'reconciled' });

  it('is no longer waiting, and is neither lost nor served', () => {
    const d = deriveCall([queued, reconciled] as CallEvent[], norms);
    expect(d.live).toEqual({});
    expect(d.closed).toBe(true);
    const t = totals([queued, reconciled] as CallEvent[]);
    expect(t.site).toMatchObject({ offered: 1, answered: 0, abandoned: 0, ended: 0, handleN: 0 });
  });

  it('gives way to what really happened, whenever that arrives', () => {
    const abandoned = ev('call.abandoned', 40, { callId: c, reason: 'caller' });
    expect(totals([queued, reconciled, abandoned] as CallEvent[]).site).toMatchObject({ abandoned: 1, ended: 0 });
    const answered = ev('call.answered', 20, { callId: c, agentId: 'op-1' });
    const ended = ev('call.ended', 900, { callId: c, outcome: 'resolved' });
    expect(totals([queued, answered, reconciled, ended] as CallEvent[]).site).toMatchObject({ answered: 1, ended: 1, handleN: 1, handleSumMs: 880_000 });
    // answered, then the feed was away when it ended: closed, no invented handling time
    expect(totals([queued, answered, reconciled] as CallEvent[]).site).toMatchObject({ answered: 1, ended: 0, handleN: 0 });
  });
});

describe('the same second, in the source order', () => {
  // one operator logs into two queues and out of both within one second (queue_log 3 of 6 trials stayed "available")
  const LINES = [
    '1796116000|MANAGER|hotline|Local/1004@agents/n|ADDMEMBER|',
    '1796116000|MANAGER|billing|Local/1004@agents/n|ADDMEMBER|',
    '1796116000|MANAGER|hotline|Local/1004@agents/n|REMOVEMEMBER|',
    '1796116000|MANAGER|billing|Local/1004@agents/n|REMOVEMEMBER|',
  ];

  it('an agent in and out of two queues in one second ends offline, whatever the event ids', () => {
    const events = mapped(LINES) as AgentEvent[];
    expect(events.map((e) => e.sourceSeq)).toEqual([1, 2, 3, 4]);
    fc.assert(
      fc.property(fc.shuffledSubarray(events, { minLength: 4, maxLength: 4 }), (perm) => {
        expect(JSON.parse(deriveAgent(perm).live['agents|1004']!)).toMatchObject({ state: 'offline' });
      }),
      { numRuns: 50 },
    );
  });

  it('events without a source order keep the lifecycle order', () => {
    const c = 's-1';
    const answered = ev('call.answered', 10, { callId: c, agentId: 'op-1' });
    const offered = ev('call.offered', 10, { callId: c, agentId: 'op-1' });
    expect(callFacts([answered, offered] as CallEvent[]).rings[0]).toMatchObject({ start: T0 + 10_000, answered: true });
  });
});

describe('waits against thresholds in whole seconds, as the PBX counts them', () => {
  it('answered 20.019 s after entering (AMI) is within a 20 s service level, as Asterisk holdtime 20 says', () => {
    const c = 'w-1';
    const base = 1796115685_168;
    const events = [ev('call.queued', 0, { callId: c, queue: 'billing', line: 'direct' }, { base }), ev('call.answered', 20.019, { callId: c, agentId: 'op-1' }, { base })] as CallEvent[];
    expect(totals(events).site.answeredInServiceLevel).toBe(1);
  });
});
