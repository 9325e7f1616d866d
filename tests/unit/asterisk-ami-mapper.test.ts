import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ObzorEvent } from '../../shared/events.js';
import { AmiFramer, type AmiMessage } from '../../server/adapters/asterisk/ami-framing.js';
import { AmiMapper } from '../../server/adapters/asterisk/ami-mapper.js';

const SITE = 'yuzhno-sakhalinsk';
const SESSION = readFileSync(fileURLToPath(new URL('../fixtures/asterisk/ami-session.txt', import.meta.url)), 'utf8');

function sessionMessages(): AmiMessage[] {
  return new AmiFramer().push(SESSION.replace(/\n/g, '\r\n')).flatMap((f) => (f.kind === 'message' ? [f.message] : []));
}

const msg = (fields: Record<string, string>): AmiMessage => ({ fields: Object.fromEntries(Object.entries(fields).map(([k, v]) => [k.toLowerCase(), v])) });

describe('AMI events → events', () => {
  it('maps the recorded queue session, timed by the Timestamp header', () => {
    const m = new AmiMapper({ site: SITE });
    const events = sessionMessages().flatMap((x) => m.map(x, 0).events);
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
      ['call.abandoned', '2026-11-17T23:00:45.000Z', '1794956398.102', ''],
      ['call.queued', '2026-11-18T00:30:00.000Z', '1794961798.105', ''],
    ]);
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
