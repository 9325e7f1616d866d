/**
 * What a screen holds after each update, for tests that watch the push through a real Socket.IO
 * client: the snapshot's states, then each update applied as the client store applies it — a
 * whole state as it is, a patch (shared/site-patch.ts) on top of the state of seq − 1. Attach it
 * right after connecting, so it sees the snapshot.
 */
import type { Socket } from 'socket.io-client';
import type { SiteState } from '../../shared/snapshot.js';
import type { ClientToServerEvents, ServerToClientEvents } from '../../shared/socket.js';
import { inflateRawSync } from 'node:zlib';
import { applyObject } from '../../shared/site-patch.js';
import { isPacked, unpacked } from '../../shared/packed-update.js';

export interface ScreenUpdate {
  site: string;
  seq: number;
  serverTime: number;
  kind: 'full' | 'patch';
  /** the site's state after this update */
  state: SiteState;
}

export class ScreenFollower {
  readonly updates: ScreenUpdate[] = [];
  readonly states = new Map<string, SiteState>();
  /** patches that came without the state they apply to (a gap: the client would re-sync) */
  unappliable = 0;
  /** updates that came packed (deflated: a socket with auth.packed) */
  packed = 0;

  constructor(socket: Socket<ServerToClientEvents, ClientToServerEvents>) {
    socket.on('snapshot', (snap) => {
      for (const s of snap.sites) this.states.set(s.site, s);
    });
    socket.on('update', (got) => {
      const u = isPacked(got) ? unpacked(got, inflateRawSync(Buffer.from(got.packed, 'base64')).toString()) : got;
      if (isPacked(got)) this.packed += 1;
      const base = this.states.get(u.site);
      if (u.patch && (!base || base.seq !== u.seq - 1)) {
        this.unappliable += 1;
        return;
      }
      const state = u.patch ? applyObject(base!, u.patch) : u.state;
      this.states.set(u.site, state);
      this.updates.push({ site: u.site, seq: u.seq, serverTime: u.serverTime, kind: u.patch ? 'patch' : 'full', state });
    });
  }

  /** whether any update so far showed this call waiting or ringing at the site */
  sawCall(callId: string, site?: string): boolean {
    return this.updates.some((u) => (!site || u.site === site) && u.state.calls.some((c) => c.callId === callId));
  }
}
