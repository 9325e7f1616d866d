/**
 * The operator board's order (shared/agent-attention.ts): the longest ringing first (past the
 * ring limit above all), the longest pause, after-call work past the site's limit, then the rest;
 * with the site's norms, never constants of the screen.
 */
import { describe, expect, it } from 'vitest';
import { agentAttention, byAttention, wrapUpLimitMs } from '../../shared/agent-attention.js';
import { NORM_DEFAULTS } from '../../shared/norm-defaults.js';
import type { AgentLive, SiteState } from '../../shared/snapshot.js';
import type { Me } from '../../shared/auth-api.js';
import { decide, routeOf } from '../../client/src/domain/route-access.js';
import { agentRows, attentionCounts, filterRows, queuesOf } from '../../client/src/domain/agent-board.js';

const NOW = 1_764_550_000_000;
const norms = { ringSeconds: 5, ringsToAnswer: 3, wrapUpMaxSeconds: 60 };
const agent = (agentId: string, state: AgentLive['state'], forS: number): AgentLive => ({ agentId, state, since: NOW - forS * 1000 });

describe('what needs attention on the operator board', () => {
  it('flags a ring strictly past the ring limit, and after-call work strictly past the limit', () => {
    expect(agentAttention(agent('a', 'ringing', 15), NOW, norms)).toEqual({ reason: 'ringing', level: 'watch', forMs: 15_000 });
    expect(agentAttention(agent('a', 'ringing', 16), NOW, norms).reason).toBe('ringingPastLimit');
    expect(agentAttention(agent('a', 'ringing', 16), NOW, norms).level).toBe('alert');
    expect(agentAttention(agent('a', 'wrap_up', 60), NOW, norms).reason).toBe('none');
    expect(agentAttention(agent('a', 'wrap_up', 61), NOW, norms)).toEqual({ reason: 'wrapUpPastLimit', level: 'warn', forMs: 61_000 });
    expect(agentAttention(agent('a', 'paused', 1), NOW, norms).reason).toBe('paused');
    expect(agentAttention(agent('a', 'offline', 1), NOW, norms).reason).toBe('offline');
    expect(agentAttention(agent('a', 'on_call', 900), NOW, norms).reason).toBe('none');
  });

  it("judges with the site's norms, and the default only when a server sends none", () => {
    expect(agentAttention(agent('a', 'ringing', 16), NOW, { ...norms, ringsToAnswer: 4 }).reason).toBe('ringing');
    expect(agentAttention(agent('a', 'wrap_up', 61), NOW, { ...norms, wrapUpMaxSeconds: 120 }).reason).toBe('none');
    expect(wrapUpLimitMs({ ringSeconds: 5, ringsToAnswer: 3 })).toBe(NORM_DEFAULTS.wrapUpMaxSeconds * 1000);
  });

  it("times a ringing operator from the call's ring start when it is known", () => {
    expect(agentAttention(agent('a', 'ringing', 2), NOW, norms, NOW - 20_000)).toMatchObject({ reason: 'ringingPastLimit', forMs: 20_000 });
    // a clock ahead of `now` never gives a negative time
    expect(agentAttention(agent('a', 'paused', -3), NOW, norms).forMs).toBe(0);
  });

  it('orders: longest ringing, longest pause, after-call work past the limit, the rest by time, offline last', () => {
    const rows = [
      agent('off', 'offline', 9999),
      agent('talk-long', 'on_call', 600),
      agent('wrap-late', 'wrap_up', 90),
      agent('pause-short', 'paused', 30),
      agent('ring-short', 'ringing', 4),
      agent('pause-long', 'paused', 1200),
      agent('ring-late', 'ringing', 40),
      agent('free', 'available', 5),
      agent('wrap-ok', 'wrap_up', 10),
      agent('ring-later', 'ringing', 20),
    ].map((a) => ({ agentId: a.agentId, attention: agentAttention(a, NOW, norms) }));
    expect(rows.sort(byAttention).map((r) => r.agentId)).toEqual(['ring-late', 'ring-later', 'ring-short', 'pause-long', 'pause-short', 'wrap-late', 'talk-long', 'wrap-ok', 'free', 'off']);
  });

  it('keeps equal times in id order, so the board does not shuffle', () => {
    const rows = ['op-9', 'op-10', 'op-1'].map((id) => ({ agentId: id, attention: agentAttention(agent(id, 'paused', 60), NOW, norms) }));
    expect(rows.sort(byAttention).map((r) => r.agentId)).toEqual(['op-1', 'op-10', 'op-9']);
  });
});

describe("the board's rows (client/src/domain/agent-board.ts)", () => {
  const site = (id: string, over: Partial<SiteState>): SiteState =>
    ({ site: id, norms: { ringSeconds: 5, ringsToAnswer: 3, wrapUpMaxSeconds: 60 }, agents: [], calls: [], ringsPast3ByAgent: [], agentsToday: [], ...over }) as unknown as SiteState;
  const sites = [
    site('a', {
      agents: [agent('op-1', 'ringing', 2), agent('op-2', 'paused', 100)],
      calls: [{ callId: 'c', queue: 'billing', state: 'ringing', since: NOW - 30_000, ringStart: NOW - 20_000, agentId: 'op-1' }],
      agentsToday: [{ agentId: 'op-2', answered: 7, missed: 1 }],
      ringsPast3ByAgent: [{ agentId: 'op-2', count: 2 }],
    }),
    site('b', { norms: { ringSeconds: 5, ringsToAnswer: 3, wrapUpMaxSeconds: 300 } as SiteState['norms'], agents: [{ ...agent('op-1', 'wrap_up', 120), queues: ['hotline'] }] }),
  ];

  it("joins the server's state, the ringing call's queue and start, and today's figures, per site", () => {
    const rows = agentRows(sites, NOW);
    expect(rows.map((r) => [r.key, r.attention.reason, r.queues, r.answered, r.missed, r.ringsPast3])).toEqual([
      ['a/op-1', 'ringingPastLimit', ['billing'], 0, 0, 0],
      ['a/op-2', 'paused', [], 7, 1, 2],
      // 120 s of wrap-up is within site b's own 300-s limit
      ['b/op-1', 'none', ['hotline'], 0, 0, 0],
    ]);
    expect(filterRows(rows, { site: 'b', queue: '' }).map((r) => r.key)).toEqual(['b/op-1']);
    expect(filterRows(rows, { site: '', queue: 'billing' }).map((r) => r.key)).toEqual(['a/op-1']);
    expect(queuesOf(rows)).toEqual(['billing', 'hotline']);
    expect(attentionCounts(rows)).toEqual({ ringingPastLimit: 1, ringing: 0, paused: 1, wrapUpPastLimit: 0 });
  });

  it('carries the name the server sends and the pause reason, only while paused', () => {
    const named = [site('a', { agents: [{ ...agent('op-1', 'paused', 60), name: 'Иванова А.', reason: 'обед' }, { ...agent('op-2', 'available', 5), reason: 'stale' }, agent('op-3', 'available', 1)] })];
    expect(agentRows(named, NOW).map((r) => [r.agentId, r.name, r.pauseReason])).toEqual([
      ['op-1', 'Иванова А.', 'обед'],
      ['op-2', undefined, undefined],
      ['op-3', undefined, undefined],
    ]);
  });
});

describe('who may open the operator board', () => {
  const me = (role: 'duty' | 'manager' | 'admin' | 'wall') => ({ login: role, role, sites: [] }) as unknown as Me;
  it('is for signed-in duty, managers and admins; a wall token alone does not open it', () => {
    expect(routeOf('/agents')).toBe('agents');
    for (const role of ['duty', 'manager', 'admin'] as const) expect(decide('agents', '/agents', { hasDisplayToken: false, me: me(role) })).toEqual({ view: 'agents' });
    expect(decide('agents', '/agents', { hasDisplayToken: true, me: null })).toEqual({ redirect: '/login?next=%2Fagents' });
    expect(decide('agents', '/agents', { hasDisplayToken: false, me: me('wall') })).toEqual({ view: 'forbidden' });
  });
});
