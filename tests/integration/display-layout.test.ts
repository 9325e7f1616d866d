/**
 * Issue 14, item 6: a display token carries its layout. An admin sets it when creating the
 * display or later; the display's screens get it on connect and again, live, when it changes
 * (a change of sites reconnects them into the new sites); a wrong layout is refused by name and
 * changes nothing; nobody but an admin may change it.
 */
import { io as connect, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DisplaySettings } from '../../shared/display-layout.js';
import type { ClientToServerEvents, ServerToClientEvents } from '../../shared/socket.js';
import { startTestApp, TEST_SITES, type Session, type TestApp } from '../helpers/start-app.js';
import { waitUntil } from '../helpers/wait-until.js';

type WallSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

describe('a display layout', () => {
  let app: TestApp;
  let admin: Session;
  const sockets: WallSocket[] = [];
  beforeAll(async () => {
    app = await startTestApp({ sites: TEST_SITES.map((s) => (s.id === 'kholmsk' ? { ...s, queueGroups: { billing: ['billing', 'billing-legal'] } } : s)) });
    admin = await app.login('admin');
  });
  afterAll(async () => {
    for (const s of sockets) s.close();
    await app?.close();
  });

  /** a screen of the display, keeping every settings message it got */
  const screen = (token: string) => {
    const got: DisplaySettings[] = [];
    const socket = connect(app.url, { transports: ['websocket'], reconnection: false, auth: { token } }) as WallSocket;
    socket.on('display', (d) => got.push(d));
    sockets.push(socket);
    return { socket, got };
  };
  const create = async (body: unknown) => {
    const res = await admin.fetch('/api/v1/admin/display-tokens', { method: 'POST', json: body });
    return { status: res.status, json: await res.json() };
  };
  const change = async (id: string, body: unknown, who: Session = admin) => {
    const res = await who.fetch(`/api/v1/admin/display-tokens/${id}`, { method: 'PATCH', json: body });
    return { status: res.status, json: res.headers.get('content-type')?.includes('json') ? await res.json() : null };
  };

  it('reaches its screens on connect, and again live when an admin changes it', async () => {
    const layout = { tiles: ['queues', 'rings', 'conflicts'], theme: 'light', textScale: 1.25 };
    const created = await create({ name: 'Зал 3', layout });
    expect(created.status).toBe(201);
    expect(created.json.display.layout).toEqual(layout);
    const { socket, got } = screen(created.json.token);
    await waitUntil(() => got.length === 1, 'the layout on connect');
    expect(got[0]).toEqual({ name: 'Зал 3', layout });

    const next = { tiles: ['conflicts', 'queues'], theme: 'contrast', sound: true, rotateSeconds: null };
    const changed = await change(created.json.display.id, { layout: next, name: 'Зал 3 (новый)' });
    expect(changed.status).toBe(200);
    expect(changed.json.display).toMatchObject({ name: 'Зал 3 (новый)', layout: next });
    await waitUntil(() => got.length === 2, 'the new layout, without reconnecting');
    expect(got[1]).toEqual({ name: 'Зал 3 (новый)', layout: next });
    expect(socket.connected).toBe(true);
    // what the admin list says is what the screens got
    const list = await (await admin.fetch('/api/v1/admin/display-tokens')).json();
    expect(list.displays.find((d: { id: string }) => d.id === created.json.display.id).layout).toEqual(next);
    // and the audit log has who changed what, before and after, without the token
    const audit = await (await admin.fetch('/api/v1/admin/audit')).json();
    const entry = audit.entries.find((e: { action: string; target: string }) => e.action === 'display.update' && e.target === created.json.display.id);
    expect(entry).toMatchObject({ actor: 'admin', before: { layout }, after: { name: 'Зал 3 (новый)', layout: next } });
    expect(JSON.stringify(audit)).not.toContain(created.json.token);
    expect((await (await app.login('manager')).fetch('/api/v1/admin/audit')).status).toBe(403);
  });

  it('names a queue group of the sites file; its screens get the group\'s queues', async () => {
    const created = await create({ name: 'Расчёты', sites: ['kholmsk'], layout: { queues: ['billing', 'hotline'] } });
    const { got } = screen(created.json.token);
    await waitUntil(() => got.length === 1, 'the layout on connect');
    expect(got[0]!.layout.queues).toEqual(['billing', 'billing-legal', 'hotline']);
    // stored as the admin wrote it: the group stays a group when the sites file changes it
    const list = await (await admin.fetch('/api/v1/admin/display-tokens')).json();
    expect(list.displays.find((d: { id: string }) => d.id === created.json.display.id).layout.queues).toEqual(['billing', 'hotline']);
  });

  it('a change of its sites reconnects its screens into the new sites', async () => {
    const created = await create({ name: 'Холмск', sites: ['kholmsk'] });
    const { socket } = screen(created.json.token);
    const sitesSeen: string[][] = [];
    socket.on('snapshot', (s) => sitesSeen.push(s.sites.map((x) => x.site)));
    await waitUntil(() => sitesSeen.length === 1, 'the first snapshot');
    expect(sitesSeen[0]).toEqual(['kholmsk']);
    const reason = new Promise<string>((resolve) => socket.once('disconnect', resolve));
    expect((await change(created.json.display.id, { sites: ['yuzhno-sakhalinsk'] })).status).toBe(200);
    // the wall's client reconnects after a server-side close (useLiveFeed); here the test does
    expect(await reason).toBe('io server disconnect');
    socket.connect();
    await waitUntil(() => sitesSeen.length === 2, 'a snapshot of the new site');
    expect(sitesSeen[1]).toEqual(['yuzhno-sakhalinsk']);
  });

  it('refuses a wrong layout by name and changes nothing', async () => {
    const created = await create({ name: 'Зал 4', layout: { theme: 'dark' } });
    const id = created.json.display.id as string;
    const { got } = screen(created.json.token);
    await waitUntil(() => got.length === 1, 'the layout on connect');
    const bad = await change(id, { layout: { tiles: ['queues', 'weather'], textScale: 3 } });
    expect(bad.status).toBe(400);
    expect(bad.json.error).toMatch(/layout\.tiles\[1\]: expected .*got string "weather"/);
    expect(bad.json.error).toMatch(/layout\.textScale: expected at most 1\.6, got number 3/);
    expect((await change(id, { layout: { textscale: 1.2 } })).json.error).toBe('layout: unexpected field(s) textscale');
    expect((await change(id, { sites: ['atlantis'] })).json.error).toBe('sites: expected known site ids, got atlantis');
    expect((await create({ name: 'Зал 5', layout: { theme: 'pink' } })).status).toBe(400);
    const list = await (await admin.fetch('/api/v1/admin/display-tokens')).json();
    expect(list.displays.find((d: { id: string }) => d.id === id)).toMatchObject({ name: 'Зал 4', sites: [], layout: { theme: 'dark' } });
    expect(list.displays.some((d: { name: string }) => d.name === 'Зал 5')).toBe(false);
    // nothing was sent to the screen: a refused change is no change (a good one after it still is)
    expect((await change(id, { layout: { theme: 'light' } })).status).toBe(200);
    await waitUntil(() => got.length === 2, 'the good change');
    expect(got.map((g) => g.layout.theme)).toEqual(['dark', 'light']);
  });

  it('its screens on line are counted, and reload when an admin asks', async () => {
    const created = await create({ name: 'Зал 7' });
    const id = created.json.display.id as string;
    const { socket, got } = screen(created.json.token);
    await waitUntil(() => got.length === 1, 'the layout on connect');
    const listed = async () => (await (await admin.fetch('/api/v1/admin/display-tokens')).json()).displays.find((d: { id: string }) => d.id === id);
    expect((await listed()).screens).toBe(1);
    const reloaded = new Promise<void>((resolve) => socket.once('reload', () => resolve()));
    expect((await admin.fetch(`/api/v1/admin/display-tokens/${id}/reload`, { method: 'POST', json: {} })).status).toBe(204);
    await reloaded;
    expect((await (await app.login('manager')).fetch(`/api/v1/admin/display-tokens/${id}/reload`, { method: 'POST', json: {} })).status).toBe(403);
    expect((await admin.fetch('/api/v1/admin/display-tokens/nope/reload', { method: 'POST', json: {} })).status).toBe(404);
    socket.disconnect();
  });

  it('only an admin may change a display; an unknown or revoked one is not found', async () => {
    const created = await create({ name: 'Зал 6' });
    const id = created.json.display.id as string;
    for (const role of ['duty', 'manager', 'wall'] as const) {
      expect((await change(id, { layout: { theme: 'light' } }, await app.login(role))).status, role).toBe(403);
    }
    const asWall = await fetch(`${app.url}/api/v1/admin/display-tokens/${id}`, { method: 'PATCH', headers: { authorization: `Bearer ${created.json.token}`, 'content-type': 'application/json' }, body: '{"layout":{}}' });
    expect([401, 403]).toContain(asWall.status);
    expect((await change('no-such-display', { layout: {} })).status).toBe(404);
    expect((await admin.fetch(`/api/v1/admin/display-tokens/${id}`, { method: 'DELETE' })).status).toBe(204);
    expect((await change(id, { layout: { theme: 'light' } })).status).toBe(404);
  });
});
