/**
 * N Socket.IO clients (websocket transport, wall token), each like a wall screen, and the
 * latency they see. The load generator stamps a probe call's send time into its callId
 * (`<tag><sendMs>-<n>`); a client records `now - sendMs` at the first `update` whose waiting
 * calls contain it (same machine clock). All clients feed one histogram.
 *
 * Lean screens (issue 19: measure the server, not the load generator): each screen keeps its own
 * socket, its own Socket.IO decoding and its own state, but screens of this process holding the
 * same state share the work on it — an update's body is inflated once per process and a patch
 * applied once per base it meets (a screen whose state is another object does the work itself).
 * N walls on N machines each do that once on their own CPU; done N times on the bench's two cores
 * it was the clients' queueing, not Obzor, that set the p99 at 2,000 screens. Screen 0 shares
 * nothing and does all of it itself: its cost per update is reported (`screenUsPerUpdate`).
 */
import { io, type Socket } from 'socket.io-client';
import type { ClientToServerEvents, PackedUpdate, ServerToClientEvents, SiteUpdate } from '../shared/socket.js';
import type { SiteState } from '../shared/snapshot.js';
import { inflateRawSync } from 'node:zlib';
import { applyObject } from '../shared/site-patch.js';
import { isPacked, PACKED_AUTH_FIELD, unpacked } from '../shared/packed-update.js';
import { Histogram, type HistogramData, type LatencySummary } from './histogram.js';

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
  /** the samples behind latencyMs, to merge with other client processes' */
  histogram: HistogramData;
  updates: number;
  /** probes seen by client 0 (each should be seen by every client) */
  probesSeenByOne: number;
  /** JSON size of the largest update client 0 received */
  maxUpdateBytes: number;
  /** what client 0 received on the wire (its TCP socket's bytes: frames, compressed if the server compresses), per second of the step */
  bytesPerSecond: number;
  /** of client 0's updates, how many were patches (the rest whole states) */
  patchShare: number;
  /** what client 0 would have received per second had every update been the whole state (the push before issue 19) */
  fullStateBytesPerSecond: number;
  seqGaps: number;
  disconnects: number;
  /** CPU of this process (1 = one core) */
  cpu: number;
  /** screen 0's own work per update, shared with no one: Socket.IO's decoding excluded, inflate + patch + probe scan (µs, mean) */
  screenUsPerUpdate: number;
  ms: number;
}

/** what a patch on a given base came to, for the other screens that hold that base */
interface Applied {
  base: SiteState;
  state: SiteState;
  /** probe send times (ms) of the calls this update added */
  probeSends: number[];
}

/** an update's body inflated, and the states it was applied to, shared by this process's screens */
interface Decoded {
  packed: string;
  update: SiteUpdate;
  applied: Applied[];
}

/** bodies remembered per process (an update reaches every screen within a few ms of the others) */
const DECODED_KEPT = 64;

/**
 * snapshots' states remembered per process by site and seq: a site's state at a seq is one state,
 * so screens that connect one after another share theirs (and so every patch after it) from the
 * start, not only after the next whole state (≤ 30 s later: the first figures at 2,000 screens
 * were each screen patching its own copy)
 */
const SNAPSHOTS_KEPT = 64;

/** set, and forget the oldest beyond `kept` (a Map keeps insertion order) */
function remember<V>(map: Map<string, V>, key: string, value: V, kept: number): void {
  map.set(key, value);
  if (map.size > kept) map.delete(map.keys().next().value!);
}

export class WallClients {
  private decoded = new Map<string, Decoded>();
  private snapshots = new Map<string, SiteState>();
  private screenUs = 0;
  private screenUpdates = 0;
  private sockets: WallSocket[] = [];
  private lastSeq: number[] = [];
  /** each client's state of its site, as a wall holds it */
  private states: (SiteState | undefined)[] = [];
  private tag = '';
  private hist = new Histogram(1, 120_000);
  private updates = 0;
  private probesSeenByOne = 0;
  private maxUpdateBytes = 0;
  private bytes0 = 0;
  private wire0: WallSocket | undefined;
  private updates0 = 0;
  private patches0 = 0;
  private fullBytes0 = 0;
  private seqGaps = 0;
  private disconnects = 0;
  private cpu0 = process.cpuUsage();
  private t0 = performance.now();

  /** the update a packed one stands for, inflated once per process (screen 0: every time, by itself) */
  private decode(i: number, u: SiteUpdate | PackedUpdate): { update: SiteUpdate; shared?: Decoded } {
    if (!isPacked(u)) return { update: u };
    const inflate = () => unpacked(u, inflateRawSync(Buffer.from(u.packed, 'base64')).toString());
    if (i === 0) return { update: inflate() };
    const key = `${u.site}:${u.seq}`;
    let d = this.decoded.get(key);
    if (!d || d.packed !== u.packed) {
      d = { packed: u.packed, update: inflate(), applied: [] };
      remember(this.decoded, key, d, DECODED_KEPT);
    }
    return { update: d.update, shared: d };
  }

  /** probe send times among the calls `state` has and `base` had not */
  private newProbes(base: SiteState | undefined, state: SiteState): number[] {
    const tag = this.tag;
    if (!tag) return [];
    const before = new Set<string>();
    for (const c of base?.calls ?? []) if (c.callId.startsWith(tag)) before.add(c.callId);
    const sends: number[] = [];
    for (const c of state.calls) {
      const id = c.callId;
      if (id.startsWith(tag) && !before.has(id)) sends.push(Number(id.slice(tag.length, id.indexOf('-', tag.length))));
    }
    return sends;
  }

  private onUpdate(i: number, raw: SiteUpdate | PackedUpdate): void {
    const now = Date.now();
    const t0 = i === 0 ? performance.now() : 0;
    const { update: u, shared } = this.decode(i, raw);
    this.updates++;
    const gap = this.lastSeq[i] && u.seq !== this.lastSeq[i]! + 1;
    if (gap) this.seqGaps++;
    this.lastSeq[i] = u.seq;
    // as a wall does: a patch on top of the state before it (a gap would make a wall re-sync; here it is counted)
    const base = this.states[i];
    if (u.patch && (gap || !base)) return;
    let done = shared?.applied.find((a) => a.base === base);
    if (!done) {
      const state = u.patch ? applyObject(base!, u.patch) : u.state;
      done = { base: base!, state, probeSends: this.newProbes(base, state) };
      shared?.applied.push(done);
    }
    this.states[i] = done.state;
    for (const sent of done.probeSends) this.hist.record(now - sent);
    if (i !== 0) return;
    this.screenUs += (performance.now() - t0) * 1000;
    this.screenUpdates++;
    this.probesSeenByOne += done.probeSends.length;
    this.maxUpdateBytes = Math.max(this.maxUpdateBytes, JSON.stringify(u).length);
    this.updates0++;
    if (u.patch) this.patches0++;
    this.fullBytes0 += JSON.stringify({ site: u.site, seq: u.seq, serverTime: u.serverTime, state: done.state }).length;
  }

  /** screen 0 keeps its own snapshot; the others the process's state of that site and seq */
  private sharedSnapshot(i: number, state: SiteState | undefined): SiteState | undefined {
    if (!state || i === 0) return state;
    const key = `${state.site}:${state.seq}`;
    const known = this.snapshots.get(key);
    if (known) return known;
    remember(this.snapshots, key, state, SNAPSHOTS_KEPT);
    return state;
  }

  private open(i: number, a: ConnectArgs): Promise<WallSocket> {
    return new Promise((resolve, reject) => {
      const s: WallSocket = io(a.url, { transports: ['websocket'], auth: { token: a.token, [PACKED_AUTH_FIELD]: true }, query: { sites: a.site }, forceNew: true, reconnection: false, timeout: 60_000 });
      const timer = setTimeout(() => reject(new Error(`client ${i}: no snapshot in 60 s`)), 60_000);
      s.once('snapshot', (snap) => {
        clearTimeout(timer);
        this.states[i] = this.sharedSnapshot(i, snap.sites[0]);
        this.lastSeq[i] = snap.sites[0]?.seq ?? 0;
        resolve(s);
      });
      s.once('connect_error', (e) => {
        clearTimeout(timer);
        reject(new Error(`client ${i}: ${e.message}`));
      });
      // as a browser wall does: packed updates (deflated once per broadcast), inflated here
      s.on('update', (u) => this.onUpdate(i, u));
      if (i === 0) this.wire0 = s;
      s.on('disconnect', () => this.disconnects++);
    });
  }

  async connect(a: ConnectArgs): Promise<{ connected: number; ms: number }> {
    const started = performance.now();
    for (let i = 0; i < a.count; i += a.parallel) {
      const n = Math.min(a.parallel, a.count - i);
      this.sockets.push(...(await Promise.all(Array.from({ length: n }, (_, j) => this.open(this.sockets.length + j, a)))));
    }
    return { connected: this.sockets.length, ms: Math.round(performance.now() - started) };
  }

  stepStart(tag: string): void {
    this.tag = tag;
    this.hist = new Histogram(1, 120_000);
    this.screenUs = this.screenUpdates = 0;
    this.updates = this.probesSeenByOne = this.seqGaps = this.disconnects = this.maxUpdateBytes = this.updates0 = this.patches0 = this.fullBytes0 = 0;
    this.bytes0 = this.wireBytes();
    this.cpu0 = process.cpuUsage();
    this.t0 = performance.now();
  }

  stepStats(): StepStats {
    const c = process.cpuUsage(this.cpu0);
    const ms = performance.now() - this.t0;
    return {
      latencyMs: this.hist.summary(),
      histogram: this.hist.export(),
      updates: this.updates,
      probesSeenByOne: this.probesSeenByOne,
      maxUpdateBytes: this.maxUpdateBytes,
      bytesPerSecond: Math.round((this.wireBytes() - this.bytes0) / (ms / 1000)),
      fullStateBytesPerSecond: Math.round(this.fullBytes0 / (ms / 1000)),
      patchShare: this.updates0 ? Math.round((this.patches0 / this.updates0) * 100) / 100 : 0,
      seqGaps: this.seqGaps,
      disconnects: this.disconnects,
      cpu: Math.round(((c.user + c.system) / 1000 / ms) * 100) / 100,
      screenUsPerUpdate: this.screenUpdates ? Math.round(this.screenUs / this.screenUpdates) : 0,
      ms: Math.round(ms),
    };
  }

  /** bytes client 0's TCP socket has read (engine.io's transport keeps its `ws` socket; not in the typings) */
  private wireBytes(): number {
    const transport = this.wire0?.io.engine?.transport as unknown as { ws?: { _socket?: { bytesRead: number } } } | undefined;
    return transport?.ws?._socket?.bytesRead ?? 0;
  }

  disconnect(): void {
    for (const s of this.sockets) s.disconnect();
    this.sockets = [];
  }
}
