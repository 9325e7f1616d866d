/**
 * N Socket.IO clients (websocket transport, wall token), each like a wall screen, and the
 * latency they see. The load generator stamps a probe call's send time into its callId
 * (`<tag><sendMs>-<n>`); a client records `now - sendMs` at the first `update` whose waiting
 * calls contain it (same machine clock). All clients feed one histogram.
 */
import { io, type Socket } from 'socket.io-client';
import type { ClientToServerEvents, ServerToClientEvents, SiteUpdate } from '../shared/socket.js';
import { Histogram, type LatencySummary } from './histogram.js';

type WallSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

export interface ConnectArgs {
  url: string;
  token: string;
  site: string;
  count: number;
  parallel: number;
}

export interface StepStats {
  latencyMs: LatencySummary;
  updates: number;
  /** probes seen by client 0 (each should be seen by every client) */
  probesSeenByOne: number;
  /** JSON size of the largest update client 0 received */
  maxUpdateBytes: number;
  seqGaps: number;
  disconnects: number;
  /** CPU of this process (1 = one core) */
  cpu: number;
  ms: number;
}

export class WallClients {
  private sockets: WallSocket[] = [];
  private prev: Set<string>[] = [];
  private lastSeq: number[] = [];
  private tag = '';
  private hist = new Histogram(1, 120_000);
  private updates = 0;
  private probesSeenByOne = 0;
  private maxUpdateBytes = 0;
  private seqGaps = 0;
  private disconnects = 0;
  private cpu0 = process.cpuUsage();
  private t0 = performance.now();

  private onUpdate(i: number, u: SiteUpdate): void {
    const now = Date.now();
    this.updates++;
    if (this.lastSeq[i] && u.seq !== this.lastSeq[i]! + 1) this.seqGaps++;
    this.lastSeq[i] = u.seq;
    if (i === 0) this.maxUpdateBytes = Math.max(this.maxUpdateBytes, JSON.stringify(u).length);
    const tag = this.tag;
    if (!tag) return;
    const before = this.prev[i]!;
    const cur = new Set<string>();
    for (const c of u.state.calls) {
      const id = c.callId;
      if (!id.startsWith(tag)) continue;
      cur.add(id);
      if (before.has(id)) continue;
      this.hist.record(now - Number(id.slice(tag.length, id.indexOf('-', tag.length))));
      if (i === 0) this.probesSeenByOne++;
    }
    this.prev[i] = cur;
  }

  private open(i: number, a: ConnectArgs): Promise<WallSocket> {
    return new Promise((resolve, reject) => {
      const s: WallSocket = io(a.url, { transports: ['websocket'], auth: { token: a.token }, query: { sites: a.site }, forceNew: true, reconnection: false, timeout: 60_000 });
      const timer = setTimeout(() => reject(new Error(`client ${i}: no snapshot in 60 s`)), 60_000);
      s.once('snapshot', () => {
        clearTimeout(timer);
        resolve(s);
      });
      s.once('connect_error', (e) => {
        clearTimeout(timer);
        reject(new Error(`client ${i}: ${e.message}`));
      });
      s.on('update', (u) => this.onUpdate(i, u));
      s.on('disconnect', () => this.disconnects++);
    });
  }

  async connect(a: ConnectArgs): Promise<{ connected: number; ms: number }> {
    const started = performance.now();
    for (let i = 0; i < a.count; i += a.parallel) {
      const n = Math.min(a.parallel, a.count - i);
      this.sockets.push(...(await Promise.all(Array.from({ length: n }, (_, j) => this.open(this.sockets.length + j, a)))));
    }
    this.prev = this.sockets.map(() => new Set());
    this.lastSeq = this.sockets.map(() => 0);
    return { connected: this.sockets.length, ms: Math.round(performance.now() - started) };
  }

  stepStart(tag: string): void {
    this.tag = tag;
    this.hist = new Histogram(1, 120_000);
    this.prev = this.sockets.map(() => new Set());
    this.updates = this.probesSeenByOne = this.seqGaps = this.disconnects = this.maxUpdateBytes = 0;
    this.cpu0 = process.cpuUsage();
    this.t0 = performance.now();
  }

  stepStats(): StepStats {
    const c = process.cpuUsage(this.cpu0);
    const ms = performance.now() - this.t0;
    return {
      latencyMs: this.hist.summary(),
      updates: this.updates,
      probesSeenByOne: this.probesSeenByOne,
      maxUpdateBytes: this.maxUpdateBytes,
      seqGaps: this.seqGaps,
      disconnects: this.disconnects,
      cpu: Math.round(((c.user + c.system) / 1000 / ms) * 100) / 100,
      ms: Math.round(ms),
    };
  }

  disconnect(): void {
    for (const s of this.sockets) s.disconnect();
    this.sockets = [];
  }
}
