import { io as connect, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Snapshot } from '../../shared/snapshot.js';
import type { ClientToServerEvents, PackedUpdate, ServerToClientEvents, SiteUpdate } from '../../shared/socket.js';
import { answeredCall, ev } from '../helpers/event-factory.js';
import { startTestApp, WALL_TOKEN, type TestApp } from '../helpers/start-app.js';
import { waitUntil } from '../helpers/wait-until.js';
import { ScreenFollower } from '../helpers/screen-follower.js';

let app: TestApp;
let socket: Socket<ServerToClientEvents, ClientToServerEvents>;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(async () => {
  socket?.disconnect();
  await app?.close();
});

function next<T>(s: Socket<ServerToClientEvents, ClientToServerEvents>, event: 'snapshot' | 'update', timeoutMs = 5000): Promise<T> {
  return new Promise((resolve, reject) => {
    const t = setTimeout(() => reject(new Error(`no ${event} within ${timeoutMs} ms`)), timeoutMs);
    s.once(event, ((v: T) => {
      clearTimeout(t);
      resolve(v);
    }) as never);
  });
}

describe('Socket.IO push', () => {
  /** what the wall holds, update by update (patches applied as the client store applies them) */
  let screen: ScreenFollower;

  it('sends the snapshot on connect, then coalesced updates with consecutive sequence numbers', async () => {
    socket = connect(app.url, { transports: ['websocket'], query: { sites: 'yuzhno-sakhalinsk' }, auth: { token: WALL_TOKEN } });
    screen = new ScreenFollower(socket);
    const snap = await next<Snapshot>(socket, 'snapshot');
    expect(snap.sites.map((s) => s.site)).toEqual(['yuzhno-sakhalinsk']);
    const startSeq = snap.sites[0]!.seq;

    const updates = screen.updates;
    const now = Date.now() - 60_000;
    for (let i = 0; i < 4; i++) {
      await app.post([ev('call.queued', 0, { callId: `rt-${i}`, queue: 'hotline', line: 'hotline' }, { base: now })]);
      // each call its own update: wait for it (the next post then comes after a flush)
      await waitUntil(() => screen.sawCall(`rt-${i}`), `the update with rt-${i}`);
    }
    // an event for the other site must not reach this room: an update of this site flushed after
    // it arrives after anything that flush (or an earlier one) sent to this socket
    await app.post([ev('call.queued', 0, { callId: 'rt-other', queue: 'hotline', line: 'hotline' }, { base: now, site: 'kholmsk' })]);
    await app.post([ev('call.queued', 0, { callId: 'rt-4', queue: 'hotline', line: 'hotline' }, { base: now })]);
    await waitUntil(() => screen.sawCall('rt-4'), 'an update flushed after the other site’s event');
    expect(updates.length).toBeGreaterThanOrEqual(2);
    expect(screen.unappliable).toBe(0);
    expect(updates.every((u) => u.site === 'yuzhno-sakhalinsk')).toBe(true);
    updates.forEach((u, i) => expect(u.seq).toBe(startSeq + 1 + i));
    const last = updates.at(-1)!;
    expect(last.state.seq).toBe(last.seq);
    expect(last.state.calls.map((c) => c.callId).sort()).toEqual(['rt-0', 'rt-1', 'rt-2', 'rt-3', 'rt-4']);
  });

  it('sends what changed, not the whole state: the screen built from the patches is the server\'s state', async () => {
    const raw: { bytes: number; patch: boolean }[] = [];
    const onRaw = (u: SiteUpdate | PackedUpdate) => raw.push({ bytes: JSON.stringify(u).length, patch: u.patch !== undefined });
    socket.on('update', onRaw);
    const base = Date.now() - 60_000;
    for (let i = 0; i < 5; i++) {
      await app.post(answeredCall(`lean-${i}`, base));
      await waitUntil(() => screen.updates.at(-1)!.state.today.offered >= i + 1 && raw.length > i, `the update of lean-${i}`);
    }
    socket.off('update', onRaw);
    // after the snapshot every update here is a patch, a small part of the state it changes
    const whole = JSON.stringify(screen.updates.at(-1)!.state).length;
    expect(raw.every((r) => r.patch), JSON.stringify(raw)).toBe(true);
    expect(Math.max(...raw.map((r) => r.bytes))).toBeLessThan(whole / 4);
    // what the screen holds is what a fresh snapshot says (the figures that do not move with the clock)
    await waitUntil(async () => {
      const snap = await new Promise<Snapshot>((resolve) => socket.emit('resync', resolve));
      return snap.sites[0]!.seq === screen.states.get('yuzhno-sakhalinsk')!.seq;
      // resyncs are rate-limited per socket: ask gently
    }, 'no update in flight', 10_000, 300);
    const fresh = (await new Promise<Snapshot>((resolve) => socket.emit('resync', resolve))).sites[0]!;
    const held = screen.states.get('yuzhno-sakhalinsk')!;
    for (const field of ['calls', 'agents', 'today', 'conflicts', 'callbacks', 'appeals', 'norms', 'name'] as const) expect(held[field], field).toEqual(fresh[field]);
    expect(held.queues.map((q) => [q.queue, q.waiting, q.today])).toEqual(fresh.queues.map((q) => [q.queue, q.waiting, q.today]));
  });

  it('deflates each update once for the screens that inflate: they hold the same state as the others', async () => {
    const packedSocket = connect(app.url, { transports: ['websocket'], query: { sites: 'yuzhno-sakhalinsk' }, auth: { token: WALL_TOKEN, packed: true } }) as typeof socket;
    try {
      const packedScreen = new ScreenFollower(packedSocket);
      await next<Snapshot>(packedSocket, 'snapshot');
      const base = Date.now() - 60_000;
      // a change big enough to be worth packing (PACK_FROM_BYTES)
      await app.post(Array.from({ length: 12 }, (_, i) => answeredCall(`packed-${i}`, base)).flat());
      const offered = () => screen.states.get('yuzhno-sakhalinsk')!.today.offered;
      await waitUntil(() => packedScreen.states.get('yuzhno-sakhalinsk')?.today.offered === offered() && packedScreen.packed > 0, 'a packed update with the same figures');
      await waitUntil(() => packedScreen.states.get('yuzhno-sakhalinsk')!.seq === screen.states.get('yuzhno-sakhalinsk')!.seq, 'both screens at the same update');
      expect(packedScreen.states.get('yuzhno-sakhalinsk')).toEqual(screen.states.get('yuzhno-sakhalinsk'));
      expect(packedScreen.unappliable).toBe(0);
      // the plain screen got none packed
      expect(screen.packed).toBe(0);
    } finally {
      packedSocket.disconnect();
    }
  });

  it('coalesces a burst into few updates', async () => {
    const from = screen.updates.length;
    const base = Date.now() - 60_000;
    const before = screen.updates.at(-1)?.state.today.offered ?? 0;
    await Promise.all(Array.from({ length: 20 }, (_, i) => app.post(answeredCall(`burst-${i}`, base))));
    await waitUntil(() => (screen.updates.at(-1)?.state.today.offered ?? 0) >= before + 20, 'an update with all 20 calls');
    const burst = screen.updates.length - from;
    expect(burst).toBeGreaterThanOrEqual(1);
    expect(burst).toBeLessThan(20);
  });

  it('answers a resync request with a fresh snapshot, and never sends personal data to a wall', async () => {
    await app.post([
      ev('conflict.raised', 0, { conflictId: 'cf-1', agentId: 'op-1', summary: 'Клиент Петров требует руководителя', client: { name: 'Петров П. П.', phone: '+7 924 000-11-22', account: '12-345' } }, { base: Date.now() - 1000 }),
    ]);
    const snap = await new Promise<Snapshot>((resolve) => socket.emit('resync', resolve));
    const conflict = snap.sites[0]!.conflicts.find((c) => c.conflictId === 'cf-1');
    expect(conflict).toMatchObject({ conflictId: 'cf-1', agentId: 'op-1' });
    const text = JSON.stringify(snap);
    for (const secret of ['Петров', '+7 924', '12-345']) expect(text).not.toContain(secret);
    const http = await (await app.wallFetch('/api/v1/snapshot')).text();
    expect(http).toContain('cf-1');
    expect(http).not.toContain('Петров');
    // a manager sees who the client is
    const manager = await app.login('manager');
    expect(await (await manager.fetch('/api/v1/snapshot')).text()).toContain('Петров');
  });
});
