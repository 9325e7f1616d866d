/**
 * /admin's view of each display's screens (the build each runs, last contact, online) and an
 * admin's password reset, through the real HTTP API and real Socket.IO clients on a real Redis.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { io as connect, type Socket } from 'socket.io-client';
import type { DisplayRecord } from '../../shared/display-layout.js';
import { loginAs, PASSWORD, startTestApp, WALL_TOKEN, type Session, type TestApp } from '../helpers/start-app.js';
import { waitUntil } from '../helpers/wait-until.js';

let app: TestApp;
let admin: Session;

beforeAll(async () => {
  app = await startTestApp();
  admin = await app.login('admin');
});
afterAll(async () => {
  await app?.close();
});

const wallDisplay = async () => {
  const body = (await (await admin.fetch('/api/v1/admin/display-tokens')).json()) as { displays: DisplayRecord[] };
  return body.displays.find((d) => d.name === 'test-wall')!;
};
const open = async (auth: Record<string, unknown>) => {
  const s: Socket = connect(app.url, { transports: ['websocket'], auth: { token: WALL_TOKEN, ...auth }, reconnection: false });
  await new Promise((r) => s.once('snapshot', r));
  return s;
};

describe('the screens of a display', () => {
  it('lists each screen with its build and whether it is connected, and keeps it after it leaves', async () => {
    const before = Date.now();
    const kiosk = await open({ screen: 'kiosk-okha-0001', version: '0.1.0+20261201.1200' });
    const odd = await open({ screen: 'x', version: 'not a version!' });
    try {
      const d = await wallDisplay();
      expect(d.screens).toBe(2);
      const k = d.screenList!.find((s) => s.screen === 'kiosk-okha-0001')!;
      expect(k).toMatchObject({ version: '0.1.0+20261201.1200', online: true });
      expect(k.lastContact).toBeGreaterThanOrEqual(before);
      expect(k.address).toMatch(/127\.0\.0\.1/);
      // an id or version that is not one is not taken: the row is the connection's, without a version
      const o = d.screenList!.find((s) => s.screen === odd.id)!;
      expect(o).toMatchObject({ online: true });
      expect(o.version).toBeUndefined();
    } finally {
      odd.close();
    }
    kiosk.close();
    const gone = await waitUntil(async () => (await wallDisplay()).screenList!.find((s) => s.screen === 'kiosk-okha-0001' && !s.online), 'the kiosk listed as offline');
    expect(gone.version).toBe('0.1.0+20261201.1200');
    // the same kiosk reconnecting is the same row, online again
    const again = await open({ screen: 'kiosk-okha-0001', version: '0.1.0+20261202.0900' });
    try {
      const rows = (await wallDisplay()).screenList!.filter((s) => s.screen === 'kiosk-okha-0001');
      expect(rows).toEqual([expect.objectContaining({ online: true, version: '0.1.0+20261202.0900' })]);
    } finally {
      again.close();
    }
  });
});

describe('an admin resets a password', () => {
  it('sets it, ends the user’s sessions, and the audit log says so without the password', async () => {
    const duty = await app.login('duty');
    expect((await duty.fetch('/api/v1/auth/me')).status).toBe(200);
    const fresh = 'a brand new passphrase 42';
    const short = await admin.fetch('/api/v1/admin/users/duty/password', { method: 'POST', json: { password: 'short' } });
    expect(short.status).toBe(400);
    expect(((await short.json()) as { error: string }).error).toMatch(/^password: expected at least \d+ characters/);
    expect((await admin.fetch('/api/v1/admin/users/nobody/password', { method: 'POST', json: { password: fresh } })).status).toBe(404);
    expect((await (await app.login('manager')).fetch('/api/v1/admin/users/duty/password', { method: 'POST', json: { password: fresh } })).status).toBe(403);

    expect((await admin.fetch('/api/v1/admin/users/duty/password', { method: 'POST', json: { password: fresh } })).status).toBe(204);
    expect((await duty.fetch('/api/v1/auth/me')).status).toBe(401);
    await expect(loginAs(app.url, 'duty', PASSWORD)).rejects.toThrow(/401/);
    const back = await loginAs(app.url, 'duty', fresh);
    expect((await back.fetch('/api/v1/auth/me')).status).toBe(200);
    const { entries } = await (await admin.fetch('/api/v1/admin/audit')).json();
    const e = entries.find((x: { action: string }) => x.action === 'user.password');
    expect(e).toMatchObject({ actor: 'admin', target: 'duty' });
    expect(JSON.stringify(entries)).not.toContain(fresh);
  });
});
