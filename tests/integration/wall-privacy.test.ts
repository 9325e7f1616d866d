import { io as connect } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ObzorEvent } from '../../shared/events.js';
import { CallCentreSim, DEMO_AGENT_NAMES, seededRandom } from '../../server/demo/call-centre-sim.js';
import { ev } from '../helpers/event-factory.js';
import { startTestApp, WALL_TOKEN, type TestApp } from '../helpers/start-app.js';
import { waitUntil } from '../helpers/wait-until.js';

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(async () => {
  await app?.close();
});

describe('wall screens never get personal data (N6)', () => {
  it('captures every frame a wall receives during a demo run and finds no client data, no operator names, no pause reasons', async () => {
    const frames: string[] = [];
    const wall = connect(app.url, { transports: ['websocket'], auth: { token: WALL_TOKEN } });
    wall.onAny((event: string, payload: unknown) => frames.push(`${event} ${JSON.stringify(payload)}`));
    await new Promise((r) => wall.once('snapshot', r));

    // two hours of a busy centre, replayed fast through the ingest API like any sender
    const start = Date.now() - 2 * 3600_000;
    const sim = new CallCentreSim({ site: 'yuzhno-sakhalinsk', timeZone: 'Asia/Sakhalin', agents: 8, queues: ['hotline', 'billing'], speed: 6, rnd: seededRandom(7) }, start);
    const events: ObzorEvent[] = sim.start(start);
    for (let t = start; t < Date.now() - 60_000; t += 5000) events.push(...sim.step(t, 5000));
    const secrets = { name: 'Кузнецова Мария Петровна', phone: '+7 924 555-66-77', account: '65-123-4567', address: 'ул. Ленина, 1, кв. 5' };
    events.push(
      ev('conflict.raised', 0, { conflictId: 'priv-1', agentId: 'op-01', summary: `${secrets.name} требует перерасчёт`, client: secrets }, { base: Date.now() - 30_000 }),
      ev('conflict.escalated', 5, { conflictId: 'priv-1' }, { base: Date.now() - 30_000 }),
    );
    const valid = events.filter((e) => Date.parse(e.at) <= Date.now());
    for (let i = 0; i < valid.length; i += 500) {
      const res = await app.post(valid.slice(i, i + 500));
      expect(res.status).toBe(200);
      await new Promise((r) => setTimeout(r, 60));
    }
    // the escalation was posted last: once its frame is in, the run is in
    await waitUntil(() => frames.some((f) => f.includes('priv-1')), 'the frame with the escalation');
    wall.close();

    const all = frames.join('\n');
    // the wall followed the run (how many updates depends on how the pushes coalesced: not counted)
    expect(frames.filter((f) => f.startsWith('update ')).length).toBeGreaterThan(0);
    expect(all).toContain('priv-1');
    for (const value of [...Object.values(secrets), 'Иванов И. И.', '+7 900 000-00-00', '65-000-0000', 'требует']) expect(all).not.toContain(value);
    expect(all).not.toMatch(/"client"|"summary"/);
    // the demo's PBX names every operator and says why a pause is: staff's personal data, not for walls
    expect(events.some((e) => e.type === 'agent.state' && e.state === 'paused' && e.reason)).toBe(true);
    for (const name of DEMO_AGENT_NAMES) expect(all).not.toContain(name);
    expect(all).not.toMatch(/"reason"|обед|перерыв|обучение/);
  });
});
