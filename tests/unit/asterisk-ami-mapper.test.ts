import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ObzorEvent } from '../../shared/events.js';
import { AmiFramer, type AmiMessage } from '../../server/adapters/asterisk/ami-framing.js';
import { AmiMapper } from '../../server/adapters/asterisk/ami-mapper.js';
import { MemberDirectory } from '../../server/adapters/asterisk/member-directory.js';
import { amiMessage, liveRunAmi } from '../helpers/asterisk-replay.js';
import { deriveCall } from '../../server/domain/call-fold.js';
import { sumCounters } from '../../server/domain/day-totals.js';
import { SiteNorms } from '../../server/domain/sites.js';
import type { CallEvent } from '../../shared/events.js';

const SITE = 'yuzhno-sakhalinsk';
const SESSION = readFileSync(fileURLToPath(new URL('../fixtures/asterisk/ami-session.txt', import.meta.url)), 'utf8');

function sessionMessages(): AmiMessage[] {
  return new AmiFramer().push(SESSION.replace(/\n/g, '\r\n')).flatMap((f) => (f.kind === 'message' ? [f.message] : []));
}

const msg = (fields: Record<string, string>): AmiMessage => ({ fields: Object.fromEntries(Object.entries(fields).map(([k, v]) => [k.toLowerCase(), v])) });
/** arrival at the message's own Timestamp (or `fallback`), pending leaves and abandons ticked after each */
const stampOf = (m: AmiMessage, fallback: number) => (m.fields.timestamp ? Math.round(Number(m.fields.timestamp) * 1000) : fallback);
function run(m: AmiMapper, messages: readonly AmiMessage[]) {
  let last = 0;
  return messages.flatMap((x) => {
    last = stampOf(x, last);
    return [...m.map(x, last).events, ...m.tick(last)];
  });
}

describe('AMI events → events', () => {
  it('maps the recorded queue session, timed by the Timestamp header', () => {
    const m = new AmiMapper({ site: SITE });
    const events = run(m, sessionMessages());
    for (const e of events) expect(ObzorEvent.safeParse(e).success).toBe(true);
    const brief = events.map((e) => [e.type, e.at, 'callId' in e ? e.callId : e.type === 'agent.state' ? `${e.agentId}:${e.state}:${(e.queues ?? []).join(',')}` : '', 'agentId' in e && e.type !== 'agent.state' ? e.agentId : '']);
    expect(brief).toEqual([
      ['agent.state', '2026-11-17T22:03:20.000Z', '101:available:hotline', ''],
      ['call.queued', '2026-11-17T22:05:00.000Z', '1794953098.101', ''],
      ['call.offered', '2026-11-17T22:05:00.100Z', '1794953098.101', '101'],
      ['call.ring_no_answer', '2026-11-17T22:05:15.000Z', '1794953098.101', '101'],
      ['call.offered', '2026-11-17T22:05:15.500Z', '1794953098.101', '102'],
      ['call.answered', '2026-11-17T22:05:24.100Z', '1794953098.101', '102'],
      ['agent.state', '2026-11-17T22:05:24.100Z', '102:on_call:', ''],
      ['agent.state', '2026-11-17T22:05:24.200Z', '102:on_call:hotline', ''],
      ['call.ended', '2026-11-17T22:08:24.000Z', '1794953098.101', ''],
      ['agent.state', '2026-11-17T22:08:24.000Z', '102:available:hotline', ''],
      ['agent.state', '2026-11-18T00:00:00.000Z', '101:paused:hotline', ''],
      ['call.queued', '2026-11-17T23:00:00.000Z', '1794956398.102', ''],
      ['call.queued', '2026-11-18T00:30:00.000Z', '1794961798.105', ''],
      // QueueCallerAbandon waits for its reason (QUEUESTATUS, the caller's next step); this
      // session has neither, so it is a hang-up once the grace has passed — at its own time
      ['call.abandoned', '2026-11-17T23:00:45.000Z', '1794956398.102', ''],
    ]);
    expect(events.find((e) => e.type === 'call.abandoned')).toMatchObject({ reason: 'caller' });
    // every event carries its arrival order: the same millisecond keeps Asterisk's order
    expect(events.every((e) => typeof e.sourceSeq === 'number')).toBe(true);
    expect(events.find((e) => e.type === 'call.ended')).toMatchObject({ outcome: 'resolved' });
    // the caller who left without answer or abandon (EXITWITHKEY) is abandoned once the grace has passed
    expect(m.tick(Date.parse('2026-11-18T00:30:59Z'))).toEqual([]);
    expect(m.tick(Date.parse('2026-11-18T00:31:01Z'))).toEqual([expect.objectContaining({ type: 'call.abandoned', callId: '1794961798.105', at: '2026-11-18T00:30:30.000Z' })]);
    expect(m.tick(Date.parse('2026-11-18T01:00:00Z'))).toEqual([]);
  });

  it('gives the same ids to the same message and skips events Obzor does not use', () => {
    const a = new AmiMapper({ site: SITE });
    const b = new AmiMapper({ site: SITE });
    const [join] = sessionMessages().filter((x) => x.fields.event === 'QueueCallerJoin');
    expect(a.map(join!, 1).events[0]!.id).toBe(b.map(join!, 2).events[0]!.id);
    expect(a.map(msg({ Event: 'Newchannel', Uniqueid: '1.1' }), 0)).toEqual({ events: [], ignored: true });
    expect(a.map(msg({ Event: 'AgentCalled', Queue: 'q' }), 0).error).toMatch(/without Uniqueid or member/);
  });

  it('uses the arrival time without Timestamp, transfers as redirected, and device states', () => {
    const m = new AmiMapper({ site: SITE, agentCallStates: false });
    const at = Date.parse('2026-11-20T01:00:00Z');
    // a call it never saw join (it came and went while Obzor was away) is not made a call of no queue
    expect(m.map(msg({ Event: 'AgentComplete', Uniqueid: '9.9', Queue: 'q', MemberName: 'Local/7@from-queue/n', Reason: 'transfer', TalkTime: '30' }), at)).toEqual({ events: [], ignored: true });
    expect(m.counters.unseenCall).toBe(1);
    m.map(msg({ Event: 'QueueCallerJoin', Uniqueid: '9.9', Queue: 'q' }), at - 60_000);
    expect(m.map(msg({ Event: 'AgentComplete', Uniqueid: '9.9', Queue: 'q', MemberName: 'Local/7@from-queue/n', Reason: 'transfer', TalkTime: '30' }), at).events).toEqual([
      expect.objectContaining({ type: 'call.ended', outcome: 'redirected', at: '2026-11-20T01:00:00.000Z' }),
    ]);
    const state = (fields: Record<string, string>) => m.map(msg({ Event: 'QueueMemberStatus', Queue: 'q', MemberName: 'SIP/7', ...fields }), at).events.map((e) => e.type === 'agent.state' && e.state);
    expect(state({ Status: '6', Paused: '0' })).toEqual(['ringing']);
    expect(state({ Status: '2', Paused: '0' })).toEqual(['on_call']);
    expect(state({ Status: '2', Paused: '0' })).toEqual([]); // the same state again, e.g. for another queue
    expect(state({ Status: '1', Paused: '1' })).toEqual(['paused']);
    expect(m.map(msg({ Event: 'QueueMemberRemoved', Queue: 'q', MemberName: 'SIP/7' }), at).events).toEqual([expect.objectContaining({ state: 'offline' })]);
    expect(state({ Status: '1', Paused: '0' })).toEqual(['available']);
    expect(state({ Status: '5', Paused: '0' })).toEqual(['offline']);
    expect(state({ Status: '0', Paused: '0' })).toEqual([]);
    expect(m.map(msg({ Event: 'AgentLogin', Agent: '1001', Channel: 'SIP/1001-00000001' }), at).events).toEqual([expect.objectContaining({ agentId: '1001', state: 'available' })]);
    expect(m.map(msg({ Event: 'QueueMemberAdded', Queue: 'q', MemberName: 'SIP/8', Paused: '1' }), at).events).toEqual([expect.objectContaining({ agentId: '8', state: 'paused', queues: ['q'] })]);
  });

  it('does not turn leaves into abandons after a disconnect (AgentConnect may have been missed)', () => {
    const m = new AmiMapper({ site: SITE, leaveGraceMs: 1000 });
    m.map(msg({ Event: 'QueueCallerJoin', Uniqueid: '5.5', Queue: 'q', Timestamp: '1794961800.0' }), 0);
    m.map(msg({ Event: 'QueueCallerLeave', Uniqueid: '5.5', Queue: 'q', Timestamp: '1794961810.0' }), 0);
    m.forgetPendingLeaves();
    expect(m.tick(1794961900_000)).toEqual([]);
  });
});

describe('AMI events of the real Asterisk 22.10.1 run', () => {
  const RUN = liveRunAmi();
  /** the run's messages of these channels (or member interfaces), each with its arrival time */
  const of = (ids: readonly string[]) => RUN.filter((e) => ids.includes(String(e.Uniqueid)) || ids.includes(String(e.DestUniqueid)) || ids.includes(String(e.Interface)));
  const replay = (m: AmiMapper, recs: readonly Record<string, string | number>[]) =>
    recs.flatMap((r) => {
      const t = Math.round(Number(r._t) * 1000);
      return [...m.map(amiMessage(r), t).events, ...m.tick(t)].map((e) => ({ ...e, arrivedAt: t }));
    });

  it('AgentComplete without Uniqueid (the caller hung up first) ends the call its member had', () => {
    const recs = RUN.filter((e) => ['1796115687.71', '1796115711.92'].includes(String(e.Uniqueid ?? e.DestUniqueid)));
    const complete = recs.find((e) => e.Event === 'AgentComplete')!;
    expect(complete.Uniqueid).toBeUndefined();
    const m = new AmiMapper({ site: SITE });
    const events = replay(m, recs);
    const ended = events.filter((e) => e.type === 'call.ended');
    expect(ended).toEqual([expect.objectContaining({ callId: '1796115687.71', outcome: 'resolved' })]);
    // ended when the caller left the conversation (BridgeLeave), not only when AgentComplete came
    expect(ended[0]!.at).toBe('2026-12-01T09:02:03.099Z');
    // and AgentComplete alone (no Hangup seen) finds it through the member too
    const m2 = new AmiMapper({ site: SITE });
    const alone = replay(m2, recs.filter((e) => e.Event !== 'Hangup' && e.Event !== 'BridgeLeave'));
    expect(alone.filter((e) => e.type === 'call.ended')).toEqual([expect.objectContaining({ callId: '1796115687.71', at: '2026-12-01T09:02:03.101Z' })]);
    expect(alone.filter((e) => e.type === 'agent.state').at(-1)).toMatchObject({ agentId: '1001', state: 'available' });
    expect(m2.map(amiMessage({ Event: 'AgentComplete', Queue: 'hotline', Interface: 'Local/1009@agents/n', Timestamp: '1796115723.1' }), 0).error).toMatch(/no call connected to Local\/1009@agents\/n/);
  });

  it('an exit key ends the wait at once (the caller moved on to the exit context), not after the leave grace', () => {
    const events = replay(new AmiMapper({ site: SITE }), of(['1796115747.131']));
    const lost = events.filter((e) => e.type === 'call.abandoned');
    expect(lost).toEqual([expect.objectContaining({ callId: '1796115747.131', reason: 'exit_key', at: '2026-12-01T09:02:43.428Z' })]);
    expect(lost[0]!.arrivedAt - Date.parse(lost[0]!.at)).toBeLessThan(1000);
  });

  it('WITHDRAW is redirected by the system, a timeout and an exit-empty are lost with their reason', () => {
    const byId = (id: string) => replay(new AmiMapper({ site: SITE }), of([id])).filter((e) => e.type === 'call.abandoned' || e.type === 'call.ended');
    expect(byId('1796116226.507')).toEqual([expect.objectContaining({ type: 'call.ended', outcome: 'redirected', at: '2026-12-01T09:11:02.352Z' })]);
    const timeout = RUN.find((e) => e.Event === 'VarSet' && e.Variable === 'QUEUESTATUS' && e.Value === 'TIMEOUT')!;
    expect(byId(String(timeout.Uniqueid))).toEqual([expect.objectContaining({ type: 'call.abandoned', reason: 'timeout' })]);
    const empty = RUN.find((e) => e.Event === 'VarSet' && e.Variable === 'QUEUESTATUS' && e.Value === 'LEAVEEMPTY')!;
    // transferred from hotline into billing, then billing's members all paused: out of billing
    expect(byId(String(empty.Uniqueid))).toEqual([expect.objectContaining({ type: 'call.ended', outcome: 'redirected' }), expect.objectContaining({ type: 'call.abandoned', reason: 'exit_empty' })]);
  });

  it("a blind transfer's AgentComplete told after the caller joined the next queue still ends the first visit, not the second", () => {
    // 1796115663.49: answered in hotline, transferred into billing, answered there. Asterisk raises the
    // hotline's AgentComplete and billing's QueueCallerJoin on two threads 1 ms apart; a CI run saw them swapped
    const recs = of(['1796115663.49']);
    const complete = recs.findIndex((e) => e.Event === 'AgentComplete' && e.Queue === 'hotline');
    const join = recs.findIndex((e) => e.Event === 'QueueCallerJoin' && e.Queue === 'billing');
    expect(complete).toBeLessThan(join);
    const swapped = [...recs.slice(0, complete), ...recs.slice(complete + 1, join + 1), recs[complete]!, ...recs.slice(join + 1)];
    const norms = SiteNorms.parse({});
    const figures = (events: readonly ObzorEvent[]) => {
      const calls = events.filter((e): e is CallEvent => e.type.startsWith('call.'));
      const byBucket = new Map<number, Record<string, string>>();
      for (const [k, v] of Object.entries(deriveCall(calls, norms).counters)) {
        const cut = k.indexOf('|');
        byBucket.set(Number(k.slice(0, cut)), { ...byBucket.get(Number(k.slice(0, cut))), [k.slice(cut + 1)]: String(v) });
      }
      const t = sumCounters([...byBucket.values()]);
      return { site: t.site, hotline: t.byQueue.get('hotline'), billing: t.byQueue.get('billing') };
    };
    const inOrder = replay(new AmiMapper({ site: SITE }), recs);
    const late = replay(new AmiMapper({ site: SITE }), swapped);
    const ends = (events: readonly ObzorEvent[]) => events.filter((e) => e.type === 'call.ended').map((e) => e.type === 'call.ended' && e.outcome);
    expect(ends(inOrder)).toEqual(['redirected', 'resolved']);
    expect(ends(late)).toEqual(['redirected', 'resolved']);
    expect(figures(late)).toEqual(figures(inOrder));
    expect(figures(late).billing).toMatchObject({ ended: 1 });
    // the member who transferred is free again, whichever came first
    expect(late.filter((e) => e.type === 'agent.state' && e.agentId === '1001').at(-1)).toMatchObject({ state: 'available' });
  });

  it('names a member by its interface and learns its member name', () => {
    const names = new MemberDirectory();
    const m = new AmiMapper({ site: SITE, members: names });
    const added = replay(m, RUN.filter((e) => e.Event === 'QueueMemberAdded'));
    expect(new Set(added.map((e) => e.type === 'agent.state' && e.agentId))).toEqual(new Set(['1001', '1002', '1003', '1004', '1005', '1007', '1008']));
    expect(names.interfaceOf('Иван Петров')).toBe('Local/1001@agents/n');
    expect(names.interfaceOf('Олег Ким')).toBe('Local/1007@agents/n');
  });
});

describe('AMI reconciliation with the PBX', () => {
  const join = (id: string, queue: string, t: number) => msg({ Event: 'QueueCallerJoin', Uniqueid: id, Queue: queue, Timestamp: String(t) });
  it('closes calls the PBX no longer has (reconciled, not abandons), adopts its waiting callers with their real wait, refreshes members', () => {
    const m = new AmiMapper({ site: SITE });
    const t = 1796115600;
    m.map(join('9.1', 'hotline', t), t * 1000); // still waiting at the PBX
    m.map(join('9.2', 'hotline', t + 1), (t + 1) * 1000); // gone while we were away
    m.map(join('9.3', 'hotline', t + 2), (t + 2) * 1000); // answered, still talking
    m.map(msg({ Event: 'AgentConnect', Uniqueid: '9.3', Queue: 'hotline', Interface: 'Local/1001@agents/n', MemberName: 'Иван Петров', DestUniqueid: '9.30', Timestamp: String(t + 5) }), (t + 5) * 1000);
    m.map(join('9.4', 'hotline', t + 3), (t + 3) * 1000);
    m.map(msg({ Event: 'AgentConnect', Uniqueid: '9.4', Queue: 'hotline', Interface: 'Local/1002@agents/n', Timestamp: String(t + 6) }), (t + 6) * 1000); // its channel is gone
    const at = (t + 100) * 1000;
    const res = m.reconcile(
      {
        atMs: at,
        entries: [
          { uniqueId: '9.1', queue: 'hotline', waitSec: 100 },
          { uniqueId: '9.9', queue: 'billing', waitSec: 42 },
        ],
        members: [
          { iface: 'Local/1001@agents/n', name: 'Иван Петров', queue: 'hotline', paused: false, status: 2, inCall: true },
          { iface: 'Local/1003@agents/n', name: 'Paty Marin', queue: 'billing', paused: true, status: 1, inCall: false },
        ],
        queues: ['hotline', 'billing'],
        channels: new Set(['9.1', '9.3', '9.9']),
      },
      { waiting: [{ callId: '9.1', queue: 'hotline' }, { callId: '9.2', queue: 'hotline' }, { callId: '8.8', queue: 'hotline' }], agents: [{ agentId: 'ivan-petrov', state: 'available', queues: ['hotline'] }] },
    );
    const brief = res.events.map((e) => [e.type, 'callId' in e ? e.callId : 'agentId' in e ? e.agentId : '', e.type === 'call.ended' ? e.outcome : e.type === 'agent.state' ? e.state : e.type === 'call.queued' ? `${e.queue}@${e.at}` : '']);
    expect(brief).toEqual([
      ['call.ended', '9.2', 'reconciled'],
      ['call.ended', '9.4', 'reconciled'],
      ['call.ended', '8.8', 'reconciled'],
      ['call.queued', '9.9', `billing@${new Date(at - 42_000).toISOString()}`],
      ['agent.state', '1001', 'on_call'],
      ['agent.state', '1003', 'paused'],
      ['agent.state', '1002', 'offline'],
      ['agent.state', 'ivan-petrov', 'offline'],
    ]);
    expect(res).toMatchObject({ closed: 3, adopted: 1 });
    // the conversation that goes on still ends through its member
    const end = m.map(msg({ Event: 'AgentComplete', Queue: 'hotline', Interface: 'Local/1001@agents/n', DestUniqueid: '9.30', Reason: 'caller', Timestamp: String(t + 200) }), (t + 200) * 1000);
    expect(end.events[0]).toMatchObject({ type: 'call.ended', callId: '9.3', outcome: 'resolved' });
    // a second reconciliation with nothing changed sends nothing
    const again = m.reconcile({ atMs: at + 1000, entries: [{ uniqueId: '9.1', queue: 'hotline', waitSec: 101 }, { uniqueId: '9.9', queue: 'billing', waitSec: 43 }], members: [{ iface: 'Local/1001@agents/n', queue: 'hotline', paused: false, status: 1, inCall: false }, { iface: 'Local/1003@agents/n', queue: 'billing', paused: true, status: 1, inCall: false }], queues: ['hotline', 'billing'] }, { waiting: [], agents: [] });
    expect(again.events).toEqual([]);
  });

  it('without the channel list (a read-only AMI user), a conversation goes on while its member is in a call', () => {
    const m = new AmiMapper({ site: SITE });
    const t = 1796115600;
    for (const [id, member] of [['6.1', '1001'], ['6.2', '1002']] as const) {
      m.map(join(id, 'hotline', t), t * 1000);
      m.map(msg({ Event: 'AgentConnect', Uniqueid: id, Queue: 'hotline', Interface: `Local/${member}@agents/n`, Timestamp: String(t + 3) }), (t + 3) * 1000);
    }
    const res = m.reconcile(
      {
        atMs: (t + 60) * 1000,
        entries: [],
        members: [
          { iface: 'Local/1001@agents/n', queue: 'hotline', paused: false, status: 2, inCall: true },
          { iface: 'Local/1002@agents/n', queue: 'hotline', paused: false, status: 1, inCall: false },
        ],
        queues: ['hotline'],
      },
      { waiting: [], agents: [] },
    );
    expect(res.events.filter((e) => e.type === 'call.ended')).toEqual([expect.objectContaining({ callId: '6.2', outcome: 'reconciled' })]);
  });

  it('remembers calls in progress across a restart of Obzor', () => {
    const a = new AmiMapper({ site: SITE });
    a.map(join('7.1', 'hotline', 1796115600), 1796115600_000);
    a.map(msg({ Event: 'AgentConnect', Uniqueid: '7.1', Queue: 'hotline', Interface: 'Local/1004@agents/n', DestUniqueid: '7.10', Timestamp: '1796115605' }), 1796115605_000);
    const kept = a.takeChangedCalls();
    expect(kept['7.1']).toMatchObject({ answered: true, agentId: '1004', memberUid: '7.10', queue: 'hotline' });
    const b = new AmiMapper({ site: SITE });
    b.restore({ '7.1': kept['7.1']! });
    const end = b.map(msg({ Event: 'AgentComplete', Queue: 'hotline', Interface: 'Local/1004@agents/n', Reason: 'caller', Timestamp: '1796115650' }), 1796115650_000);
    expect(end.events[0]).toMatchObject({ type: 'call.ended', callId: '7.1' });
    expect(b.takeChangedCalls()).toEqual({ '7.1': null });
  });
});
