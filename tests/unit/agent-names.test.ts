/**
 * Operators' names and pause reasons on the operator board (issue 14, item 5): from the PBX
 * (AMI `MemberName`/`PausedReason`, queue_log's member-named lines and PAUSE data) or the sites
 * file's `agentNames`, never from client data; kept by the agent fold; left out of walls' views.
 */
import { describe, expect, it } from 'vitest';
import { AgentStateChanged, ObzorEvent, type AgentEvent } from '../../shared/events.js';
import type { SiteState } from '../../shared/snapshot.js';
import { boundedText, memberNameOf } from '../../server/adapters/asterisk/agent-memory.js';
import { MemberDirectory } from '../../server/adapters/asterisk/member-directory.js';
import { agentLive, retainedAgentEvents } from '../../server/domain/agent-fold.js';
import { buildSiteState } from '../../server/domain/site-state.js';
import { SiteConfig } from '../../server/domain/sites.js';
import { audienceOf, siteFor } from '../../server/realtime/view-for.js';
import { liveRunAmi, liveRunQueueLog, replayAmi, replayQueueLog } from '../helpers/asterisk-replay.js';

const SITE = 'yuzhno-sakhalinsk';
const states = (events: readonly ObzorEvent[]) => events.filter((e): e is AgentEvent => e.type === 'agent.state');
const agent = (id: string, at: string, body: Partial<AgentEvent> = {}): AgentEvent => ({ id: `${id}-${at}`, type: 'agent.state', at, site: SITE, agentId: id, state: 'available', ...body });

describe('agent.state name and reason (the contract)', () => {
  it('takes a name and, when paused, a reason; trims them and refuses what is empty, too long or a reason off pause', () => {
    const base = { id: 'a-1', type: 'agent.state', at: '2026-12-01T09:00:00Z', site: SITE, agentId: '1002' };
    expect(AgentStateChanged.parse({ ...base, state: 'paused', name: '  Мария Смирнова ', reason: ' обед ' })).toMatchObject({ name: 'Мария Смирнова', reason: 'обед' });
    const issue = (body: object) => {
      const r = ObzorEvent.safeParse({ ...base, ...body });
      return r.success ? 'accepted' : r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    };
    expect(issue({ state: 'available', reason: 'обед' })).toBe('reason: expected no reason unless state is "paused", got state "available"');
    expect(issue({ state: 'paused', name: '   ' })).toMatch(/^name: /);
    expect(issue({ state: 'paused', name: 'x'.repeat(101) })).toMatch(/^name: /);
    expect(issue({ state: 'paused', reason: 'x'.repeat(81) })).toMatch(/^reason: /);
    expect(issue({ state: 'paused', name: 42 })).toMatch(/^name: /);
  });

  it('the adapters cut PBX text to what the contract takes and skip names that are an interface or the id', () => {
    expect(boundedText(`  ${'я'.repeat(120)}`, 100)).toHaveLength(100);
    expect(boundedText(`${'a'.repeat(99)}😀`, 100)).toBe('a'.repeat(99));
    expect(boundedText('  ', 80)).toBeUndefined();
    expect(memberNameOf('Local/1004@agents/n', '1004')).toBeUndefined();
    expect(memberNameOf('NONE', '1004')).toBeUndefined();
    expect(memberNameOf('1004', '1004')).toBeUndefined();
    expect(memberNameOf(' Paty Marin ', '1003')).toBe('Paty Marin');
  });
});

describe('names and pause reasons from the real Asterisk 22.10.1 run', () => {
  it('AMI: MemberName names the operator on every state, PausedReason comes with the pause and goes with the unpause', () => {
    const { events, errors } = replayAmi(liveRunAmi(), { site: SITE, members: new MemberDirectory() });
    expect(errors.filter((e) => /agent\.state/.test(e))).toEqual([]);
    const maria = states(events).filter((e) => e.agentId === '1002');
    expect(maria.length).toBeGreaterThan(3);
    expect(new Set(maria.map((e) => e.name))).toEqual(new Set(['Мария Смирнова']));
    // PAUSEALL "break" at 1796115803, then a call taken while paused, then paused again with the same reason
    const paused = maria.filter((e) => e.state === 'paused');
    expect(paused.length).toBeGreaterThan(0);
    expect(paused.every((e) => e.reason === 'break')).toBe(true);
    expect(maria.filter((e) => e.state !== 'paused').every((e) => e.reason === undefined)).toBe(true);
    // an unnamed member (its MemberName is its interface) gets no name, but its reason
    const unnamed = states(events).filter((e) => e.agentId === '1005');
    expect(unnamed.every((e) => e.name === undefined)).toBe(true);
    expect(unnamed.find((e) => e.state === 'paused')?.reason).toBe('no-answer');
    expect(states(events).find((e) => e.agentId === '1007' && e.state === 'paused')).toMatchObject({ name: 'Олег Ким', reason: 'meeting' });
  });

  it('queue_log: PAUSE and PAUSEALL data are the reason, a line naming the member by name names the operator', () => {
    const members = new MemberDirectory();
    for (const [name, i] of [['Мария Смирнова', '1002'], ['Paty Marin', '1003'], ['Олег Ким', '1007']] as const) members.learn(name, `Local/${i}@agents/n`);
    const events = states(replayQueueLog(liveRunQueueLog(), { site: SITE, members }));
    const pauses = events.filter((e) => e.state === 'paused');
    expect(pauses.find((e) => e.agentId === '1002')).toMatchObject({ name: 'Мария Смирнова', reason: 'break' });
    expect(pauses.find((e) => e.agentId === '1005')).toMatchObject({ reason: 'no-answer' });
    expect(pauses.find((e) => e.agentId === '1005')?.name).toBeUndefined();
    expect(pauses.filter((e) => e.agentId === '1007' || e.agentId === '1008').map((e) => e.reason)).toEqual(expect.arrayContaining(['meeting']));
    expect(events.filter((e) => e.state !== 'paused').every((e) => e.reason === undefined)).toBe(true);
  });
});

describe('the agent fold keeps the latest name', () => {
  const named = agent('1002', '2026-12-01T09:00:00.000Z', { name: 'Мария Смирнова' });
  const renamed = agent('1002', '2026-12-01T09:01:00.000Z', { name: 'Мария Смирнова-Ким' });
  const pause = agent('1002', '2026-12-01T09:02:00.000Z', { state: 'paused', reason: 'обед' });
  const back = agent('1002', '2026-12-01T09:30:00.000Z');

  it('gives the latest name whatever the order, the reason only while paused, and keeps at most two events', () => {
    for (const order of [[named, renamed, pause], [pause, renamed, named], [renamed, pause, named]]) {
      expect(agentLive(order)).toEqual({ agentId: '1002', state: 'paused', since: Date.parse(pause.at), name: 'Мария Смирнова-Ким', reason: 'обед' });
    }
    expect(agentLive([named, pause, back])).toEqual({ agentId: '1002', state: 'available', since: Date.parse(back.at), name: 'Мария Смирнова' });
    // the record's retained events fold to the same entry as all of them, and a late older name changes nothing
    let kept: AgentEvent[] = [];
    for (const e of [named, renamed, pause, back]) kept = retainedAgentEvents([...kept, e]);
    // the last two reports (issue 17: the interval between them may still be corrected), the latest name carried on the older
    expect(kept.map((e) => e.id)).toEqual([pause.id, back.id]);
    expect(kept[0]!.name).toBe('Мария Смирнова-Ким');
    expect(agentLive(retainedAgentEvents([...kept, named]))).toEqual(agentLive([named, renamed, pause, back]));
  });
});

describe('the site state and who sees names', () => {
  const site = SiteConfig.parse({ id: SITE, name: { ru: 'Ю', en: 'Y' }, agentNames: { '1002': 'Смирнова М.', 'op-9': 'Петров П.' } });
  const entry = (a: object) => JSON.stringify(a);
  const state = (): SiteState =>
    buildSiteState(site, {
      seq: 0,
      now: Date.parse('2026-12-01T09:10:00Z'),
      todayCounters: [],
      live: {
        calls: {},
        callbacks: {},
        appeals: {},
        conflicts: {},
        agents: {
          '1002': entry({ agentId: '1002', state: 'paused', since: 1, name: 'Мария Смирнова', reason: 'break' }),
          '1003': entry({ agentId: '1003', state: 'available', since: 1, name: 'Paty Marin' }),
          '1005': entry({ agentId: '1005', state: 'available', since: 1 }),
        },
      },
    });

  it('the sites file’s agentNames win over the PBX name', () => {
    expect(state().agents.map((a) => [a.agentId, a.name])).toEqual([
      ['1002', 'Смирнова М.'],
      ['1003', 'Paty Marin'],
      ['1005', undefined],
    ]);
  });

  it('refuses agentNames keyed by something that is no agent id, or with an empty name', () => {
    expect(SiteConfig.safeParse({ id: SITE, name: { ru: 'Ю', en: 'Y' }, agentNames: { 'a b': 'X' } }).success).toBe(false);
    expect(SiteConfig.safeParse({ id: SITE, name: { ru: 'Ю', en: 'Y' }, agentNames: { '1002': ' ' } }).success).toBe(false);
  });

  it('walls get neither names nor pause reasons; duty, managers and admins get both', () => {
    const s = state();
    expect(audienceOf('wall')).toBe('wall');
    const wall = siteFor(s, audienceOf('wall'));
    expect(JSON.stringify(wall.agents)).not.toMatch(/"name"|"reason"|Смирнова|Paty|break/);
    expect(wall.agents.map((a) => a.state)).toEqual(['paused', 'available', 'available']);
    for (const role of ['duty', 'manager', 'admin'] as const) {
      expect(siteFor(s, audienceOf(role)).agents[0]).toMatchObject({ name: 'Смирнова М.', reason: 'break' });
    }
  });
});
