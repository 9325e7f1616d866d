/**
 * Operators' names and pause reasons end to end (issue 14, item 5): posted on `agent.state`,
 * kept by the fold, overridden by the sites file's `agentNames`, sent to signed-in staff (the
 * operator board) and never to walls — neither in a wall socket's snapshot and updates nor in
 * the HTTP snapshot with a display token. A reason off pause is rejected with a clear message.
 */
import { io as connect, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ClientToServerEvents, ServerToClientEvents } from '../../shared/socket.js';
import type { SiteState, Snapshot } from '../../shared/snapshot.js';
import { SiteConfig } from '../../server/domain/sites.js';
import { ev } from '../helpers/event-factory.js';
import { startTestApp, TEST_SITES, WALL_TOKEN, type TestApp } from '../helpers/start-app.js';
import { waitUntil } from '../helpers/wait-until.js';

type ObzorSocket = Socket<ServerToClientEvents, ClientToServerEvents>;
const SITE = 'yuzhno-sakhalinsk';
const CONFIGURED = 'Иванова А.';
const PBX = { 'op-1': 'Мария Смирнова', 'op-2': 'Paty Marin' };
const REASON = 'обед';
/** every personal word of the run: none may reach a wall */
const PERSONAL = [CONFIGURED, ...Object.values(PBX), REASON];

let app: TestApp;
beforeAll(async () => {
  const sites = TEST_SITES.map((s) => (s.id === SITE ? SiteConfig.parse({ ...s, agentNames: { 'op-2': CONFIGURED } }) : s));
  app = await startTestApp({ sites });
});
afterAll(async () => {
  await app?.close();
});

/** a socket that records every frame, once it has its snapshot */
async function open(opts: { token: string } | { cookie: string }): Promise<{ socket: ObzorSocket; frames: string[]; snapshot: Snapshot }> {
  const socket = connect(app.url, { transports: ['websocket'], reconnection: false, ...('token' in opts ? { auth: { token: opts.token } } : { extraHeaders: { cookie: opts.cookie } }) }) as ObzorSocket;
  const frames: string[] = [];
  socket.onAny((event: string, payload: unknown) => frames.push(`${event} ${JSON.stringify(payload)}`));
  const snapshot = await new Promise<Snapshot>((resolve, reject) => {
    socket.once('snapshot', resolve);
    socket.once('connect_error', reject);
  });
  return { socket, frames, snapshot };
}
const siteOf = (s: Snapshot): SiteState => s.sites.find((x) => x.site === SITE)!;
const agentsOf = (s: SiteState) => Object.fromEntries(s.agents.map((a) => [a.agentId, a]));

describe('operators’ names and pause reasons', () => {
  it('are kept and shown to staff, the sites file’s name first; a wall socket’s snapshot and updates carry none', async () => {
    const base = Date.now() - 60_000;
    const res = await app.post([
      ev('agent.state', 0, { agentId: 'op-1', state: 'available', queues: ['hotline'], name: PBX['op-1'] }, { base }),
      // the pause report names no one: the name of the earlier report stays
      ev('agent.state', 10, { agentId: 'op-1', state: 'paused', queues: ['hotline'], reason: REASON }, { base }),
      ev('agent.state', 5, { agentId: 'op-2', state: 'on_call', queues: ['hotline'], name: PBX['op-2'] }, { base }),
      ev('agent.state', 5, { agentId: 'op-3', state: 'available', queues: ['hotline'] }, { base }),
    ]);
    expect(res.json.results.map((r: { status: string }) => r.status)).toEqual(['accepted', 'accepted', 'accepted', 'accepted']);

    const duty = await app.login('duty');
    const staff = await open({ cookie: duty.cookie });
    const wall = await open({ token: WALL_TOKEN });
    try {
      expect(agentsOf(siteOf(staff.snapshot))).toMatchObject({
        'op-1': { state: 'paused', name: PBX['op-1'], reason: REASON },
        'op-2': { state: 'on_call', name: CONFIGURED },
        'op-3': { state: 'available' },
      });
      expect(agentsOf(siteOf(staff.snapshot))['op-3']).not.toHaveProperty('name');

      // the wall sees the same operators and states, and nothing of their names or reasons
      const wallAgents = siteOf(wall.snapshot).agents;
      expect(wallAgents.map((a) => [a.agentId, a.state])).toEqual([
        ['op-1', 'paused'],
        ['op-2', 'on_call'],
        ['op-3', 'available'],
      ]);
      for (const a of wallAgents) expect(Object.keys(a).sort()).toEqual(['agentId', 'queues', 'since', 'state']);

      // an update after a rename: the staff socket gets the new name, the wall's frames none
      const renamed = 'Мария Смирнова-Ким';
      await app.post([ev('agent.state', 20, { agentId: 'op-1', state: 'paused', queues: ['hotline'], name: renamed, reason: REASON }, { base })]);
      await waitUntil(() => staff.frames.some((f) => f.startsWith('update ') && f.includes(renamed)), 'the staff socket’s update with the new name');
      await waitUntil(() => wall.frames.some((f) => f.startsWith('update ') && f.includes('"op-1"')), 'the wall’s update of that site');
      // (the display's own settings frame names the display, not a person)
      const all = [JSON.stringify(wall.snapshot), ...wall.frames.filter((f) => !f.startsWith('display '))].join('\n');
      for (const word of [...PERSONAL, renamed]) expect(all).not.toContain(word);
      expect(all).not.toMatch(/"reason"|"name":"/);

      // the HTTP snapshot with the display token: the same
      const http = JSON.stringify(await (await app.wallFetch('/api/v1/snapshot')).json());
      for (const word of PERSONAL) expect(http).not.toContain(word);
      const dutyHttp = (await (await duty.fetch('/api/v1/snapshot')).json()) as Snapshot;
      expect(agentsOf(siteOf(dutyHttp))['op-2']).toMatchObject({ name: CONFIGURED });
    } finally {
      staff.socket.close();
      wall.socket.close();
    }
  });

  it('rejects a reason on a state other than paused, and an empty or too long name, naming the field', async () => {
    const res = await app.post([
      ev('agent.state', 0, { agentId: 'op-9', state: 'available', reason: REASON }),
      ev('agent.state', 0, { agentId: 'op-9', state: 'paused', name: '  ' }),
      ev('agent.state', 0, { agentId: 'op-9', state: 'paused', name: 'я'.repeat(101) }),
    ]);
    expect(res.json.results.map((r: { status: string; error?: string }) => [r.status, r.error])).toEqual([
      ['rejected', expect.stringContaining('reason: expected no reason unless state is "paused", got state "available"')],
      ['rejected', expect.stringContaining('name: expected text, got none or only spaces')],
      ['rejected', expect.stringContaining('name: expected at most 100 characters, got 101 characters')],
    ]);
  });
});
