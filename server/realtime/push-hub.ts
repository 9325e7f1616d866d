/**
 * The push, assembled: the socket server (who connects, rooms, what a client may ask, health)
 * and the update flusher (dirty sites → one numbered update per site and interval). Screens get
 * the snapshot on connect, then per-site updates; a sequence gap tells a client to resync.
 */
import type { SessionsEnded } from '../auth/session-revocation.js';
import type { Health } from '../../shared/socket.js';
// how often every site is pushed even without events, so time-based figures stay right (screens watch it)
import { FULL_PUSH_MS } from '../../shared/push-timing.js';
import { SocketServer, type ObzorIo, type SocketLimit, type SocketServerDeps } from './socket-server.js';
import { UpdateFlusher } from './update-flusher.js';

export { AUDIENCES, HEALTH_MS, siteRoom, type ObzorIo, type SocketLimit } from './socket-server.js';

export interface PushHubDeps extends Omit<SocketServerDeps, 'fullPushMs'> {
  /** at most one update per site per interval */
  intervalMs: number;
  /** every site is pushed at least this often (default FULL_PUSH_MS; tests shorten it) */
  fullPushMs?: number;
  onPushed?: (sites: number, ms: number) => void;
  onRefused?: (limit: SocketLimit) => void;
}

export class PushHub {
  readonly io: ObzorIo;
  private readonly sockets: SocketServer;
  private readonly flusher: UpdateFlusher;

  constructor(deps: PushHubDeps) {
    const fullPushMs = deps.fullPushMs ?? FULL_PUSH_MS;
    this.sockets = new SocketServer({ ...deps, fullPushMs });
    this.io = this.sockets.io;
    this.flusher = new UpdateFlusher({
      redis: deps.redis,
      keys: deps.keys,
      reader: deps.reader,
      siteIds: deps.siteIds,
      intervalMs: deps.intervalMs,
      fullPushMs,
      log: deps.log,
      broadcast: (state, seq, serverTime) => this.sockets.broadcast(state, seq, serverTime),
      ...(deps.onPushed ? { onPushed: deps.onPushed } : {}),
      ...(deps.clock ? { clock: deps.clock } : {}),
    });
  }

  /** Records that sites changed; whichever node holds the lease pushes them. */
  markDirty(sites: Iterable<string>): void {
    this.flusher.markDirty(sites);
  }

  flush(): Promise<void> {
    return this.flusher.flush();
  }

  health(): Promise<Health> {
    return this.sockets.health();
  }

  dropDisplay(displayId: string): Promise<void> {
    return this.sockets.dropDisplay(displayId);
  }

  relayoutDisplay(displayId: string): Promise<void> {
    return this.sockets.relayoutDisplay(displayId);
  }

  reloadDisplay(displayId: string): Promise<void> {
    return this.sockets.reloadDisplay(displayId);
  }

  dropSessions(ended: SessionsEnded): Promise<void> {
    return this.sockets.dropSessions(ended);
  }

  /** Graceful stop: tell screens to reconnect elsewhere, hand the lease over, close. */
  async close(reconnectAfterMs = 1000): Promise<void> {
    await this.flusher.close();
    await this.sockets.close(reconnectAfterMs);
  }
}
