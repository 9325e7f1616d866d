/**
 * AMI client: one TCP connection to Asterisk's manager port. Waits for the banner, logs in
 * (`Action: Login`, `Username`, `Secret`, `Events`, `ActionID`), maps queue events to
 * contract events and hands them to the sink in order. On any loss (socket error, close,
 * no reply to Ping, login refused or timed out) it reports `disconnected` and reconnects
 * with exponential backoff and jitter; a successful login reports `connected` and resets
 * the backoff. Events whose sink call fails are kept (bounded) and retried.
 *
 * After every login it asks the PBX for its state (QueueStatus, CoreShowChannels) and makes
 * Obzor's equal to it (AmiMapper.reconcile): Asterisk does not replay what happened while the
 * connection (or Obzor) was away, so calls that ended meanwhile are closed as `reconciled`,
 * callers waiting now are adopted with their real wait, and members are refreshed; the time
 * away is reported as a gap. Calls in progress are remembered across a restart of Obzor
 * (`remembered`), so an event that names its call only through its member still finds it.
 *
 * The secret is kept in a private field, written only into the Login action, and never
 * logged or put into an error or status message.
 */
import { EventEmitter } from 'node:events';
import { connect, type Socket } from 'node:net';
import type { ObzorEvent } from '../../../shared/events.js';
import { AmiFramer, formatAction, type AmiMessage } from './ami-framing.js';
import { AmiMapper, type AmiMapperOptions, type ObzorView, type PbxState, type RememberedCall } from './ami-mapper.js';
import { backoffDelay, type BackoffOptions } from './backoff.js';
import { DeliveryBuffer } from './delivery-buffer.js';
import type { EventSink } from './event-sink.js';

export type AmiStatus = 'connected' | 'disconnected';

export interface AmiStatusReport {
  status: AmiStatus;
  at: number;
  /** why the connection ended or the attempt failed */
  reason?: string;
  /** when the next attempt is made */
  retryInMs?: number;
  /** Asterisk Call Manager version from the banner */
  version?: string;
}

export type AmiNotice =
  | { kind: 'map_error'; event: string; error: string }
  | { kind: 'sink_error'; error: string; retryInMs: number }
  | { kind: 'dropped'; count: number }
  /** the feed was away (disconnected, or Obzor not running) from `fromMs` to `toMs`: nothing is known of that time */
  | { kind: 'gap'; fromMs: number; toMs: number }
  /** after a login: Obzor's state made equal to the PBX's */
  | { kind: 'reconciled'; atMs: number; closed: number; adopted: number; agents: number; waiting: number }
  | { kind: 'reconcile_failed'; error: string };

/** where calls in progress are kept across a restart of Obzor */
export interface RememberedCalls {
  load(): Promise<Record<string, RememberedCall>>;
  /** a record per changed call; null: the call is over */
  save(changes: Record<string, RememberedCall | null>): Promise<void>;
}

/** the subset of a pino logger the client uses */
export interface AmiLogger {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
  debug(obj: object, msg: string): void;
}

export interface AmiClientOptions extends AmiMapperOptions {
  host: string;
  port: number;
  username: string;
  secret: string;
  sink: EventSink;
  /** `Events:` of the Login action; default 'on' ('agent' would be enough for queues) */
  events?: string;
  /** of reconnects, and of retries of a failing sink */
  backoff?: BackoffOptions;
  /** TCP connect + banner + login must finish within this; default 10 000 ms */
  connectTimeoutMs?: number;
  /** Ping interval; no reply by the next Ping drops the connection. 0 = off; default 30 000 ms */
  pingIntervalMs?: number;
  /** how often pending leaves are checked (AmiMapper.tick); default 1000 ms */
  tickMs?: number;
  /** events per sink call, ≤ 1000; default 500 */
  batchSize?: number;
  /** events kept while the sink fails; the oldest are dropped beyond this; default 50 000 */
  maxPendingEvents?: number;
  /** make Obzor's state equal to the PBX's after every login (QueueStatus, CoreShowChannels); default true */
  reconcile?: boolean;
  /** what Obzor shows of this PBX now (waiting calls, agents present), read before each reconciliation */
  view?: () => Promise<ObzorView>;
  /** when this feed was last heard of (an earlier run of Obzor), for the gap after a restart */
  lastSeenAt?: () => Promise<number | undefined>;
  remembered?: RememberedCalls;
  /** how long the PBX may take to list its state; default 15 000 ms */
  reconcileTimeoutMs?: number;
  logger?: AmiLogger;
  random?: () => number;
  now?: () => number;
}

export interface AmiClientCounters {
  connects: number;
  messages: number;
  events: number;
  ignored: Record<string, number>;
  mapErrors: number;
  dropped: number;
}

export interface AmiClientEvents {
  status: [AmiStatusReport];
  notice: [AmiNotice];
}

type Phase = 'idle' | 'banner' | 'login' | 'up';

interface Collecting {
  statusId: string;
  channelsId: string;
  state: PbxState & { channels: Set<string> };
  statusDone: boolean;
  channelsDone: boolean;
  channelsKnown: boolean;
  view: ObzorView;
  timer: NodeJS.Timeout;
  startedAt: number;
}

export class AmiClient extends EventEmitter<AmiClientEvents> {
  readonly #secret: string;
  private readonly opts: Omit<AmiClientOptions, 'secret'>;
  private readonly mapper: AmiMapper;
  private readonly framer = new AmiFramer();
  private socket: Socket | null = null;
  private phase: Phase = 'idle';
  private running = false;
  private failures = 0;
  private actionSeq = 0;
  private loginId = '';
  private pingId: string | null = null;
  private version: string | undefined;
  private lastError: string | undefined;
  private connectTimer: NodeJS.Timeout | null = null;
  private retryTimer: NodeJS.Timeout | null = null;
  private pingTimer: NodeJS.Timeout | null = null;
  private tickTimer: NodeJS.Timeout | null = null;
  private closed: Promise<void> = Promise.resolve();
  private readonly delivery: DeliveryBuffer;
  private _status: AmiStatus = 'disconnected';
  /** since when nothing is known (the connection dropped, or Obzor started) */
  private awaySince: number | undefined;
  private collecting: Collecting | null = null;
  private mapErrorsLogged = 0;
  private restoring: Promise<void> | null = null;
  readonly counters: AmiClientCounters = { connects: 0, messages: 0, events: 0, ignored: {}, mapErrors: 0, dropped: 0 };

  constructor(options: AmiClientOptions) {
    super();
    const { secret, ...rest } = options;
    this.#secret = secret;
    this.opts = rest;
    this.mapper = new AmiMapper(rest);
    this.delivery = new DeliveryBuffer({
      sink: rest.sink,
      ...(rest.batchSize !== undefined ? { batchSize: rest.batchSize } : {}),
      ...(rest.maxPendingEvents !== undefined ? { maxPending: rest.maxPendingEvents } : {}),
      ...(rest.backoff ? { backoff: rest.backoff } : {}),
      ...(rest.random ? { random: rest.random } : {}),
      now: () => this.now(),
      onAccepted: () => this.delivered(),
      onNotice: (n) => {
        if (n.kind === 'dropped') this.counters.dropped += n.count;
        this.emit('notice', n);
        if (n.kind === 'dropped') this.opts.logger?.warn({ dropped: n.count }, 'AMI events dropped: the sink is failing');
        else this.opts.logger?.warn({ error: n.error, retryInMs: n.retryInMs }, 'AMI events not delivered, will retry');
      },
    });
  }

  get status(): AmiStatus {
    return this._status;
  }

  /** events waiting for the sink */
  get pendingEvents(): number {
    return this.delivery.size;
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.delivery.start();
    // what Obzor had in progress when it stopped, before the first login reconciles it
    const r = this.opts.remembered;
    this.restoring = r
      ? r.load().then(
          (calls) => this.mapper.restore(calls),
          (e: Error) => this.opts.logger?.warn({ error: e.message }, 'AMI: calls in progress from the last run could not be read'),
        )
      : null;
    void (this.opts.lastSeenAt?.() ?? Promise.resolve(undefined)).then(
      (t) => {
        this.awaySince ??= t;
      },
      () => undefined,
    );
    void (this.restoring ?? Promise.resolve()).then(() => this.connectNow());
    const tickMs = this.opts.tickMs ?? 1000;
    this.tickTimer = setInterval(() => this.enqueue(this.mapper.tick(this.now())), tickMs);
    this.tickTimer.unref?.();
  }

  /** closes the connection (Logoff when logged in) and waits for the sink's call in flight */
  async stop(): Promise<void> {
    this.running = false;
    if (this.collecting) clearTimeout(this.collecting.timer);
    this.collecting = null;
    for (const t of [this.retryTimer, this.tickTimer]) if (t) clearTimeout(t);
    this.retryTimer = this.tickTimer = null;
    this.delivery.stop();
    const s = this.socket;
    if (s) {
      if (this.phase === 'up' && s.writable) s.end(formatAction({ Action: 'Logoff', ActionID: this.nextId('logoff') }));
      else s.destroy();
      const hard = setTimeout(() => s.destroy(), 1000);
      await this.closed;
      clearTimeout(hard);
    }
    await this.delivery.settled();
  }

  private now(): number {
    return (this.opts.now ?? Date.now)();
  }

  private nextId(what: string): string {
    this.actionSeq += 1;
    return `obzor-${what}-${this.actionSeq}`;
  }

  private where(): object {
    return { host: this.opts.host, port: this.opts.port, username: this.opts.username };
  }

  private connectNow(): void {
    if (!this.running) return;
    this.lastError = undefined;
    this.version = undefined;
    this.framer.reset();
    this.phase = 'banner';
    const socket = connect({ host: this.opts.host, port: this.opts.port });
    this.socket = socket;
    socket.setEncoding('utf8');
    socket.setNoDelay(true);
    socket.setKeepAlive(true, 30_000);
    this.connectTimer = setTimeout(() => {
      this.lastError = this.phase === 'login' ? 'no reply to Login' : 'timed out connecting';
      socket.destroy();
    }, this.opts.connectTimeoutMs ?? 10_000);
    let resolveClosed!: () => void;
    this.closed = new Promise((r) => (resolveClosed = r));
    socket.on('data', (chunk: string) => this.onData(socket, chunk));
    socket.on('error', (err: NodeJS.ErrnoException) => {
      this.lastError = err.code ?? err.message;
    });
    socket.on('close', () => {
      this.onClose(socket);
      resolveClosed();
    });
  }

  private onData(socket: Socket, chunk: string): void {
    if (socket !== this.socket) return;
    for (const frame of this.framer.push(chunk)) {
      if (frame.kind === 'banner') {
        this.version = frame.version;
        this.login(socket);
        continue;
      }
      if (this.phase === 'banner') this.login(socket); // a proxy without banner
      this.onMessage(socket, frame.message);
    }
  }

  private login(socket: Socket): void {
    if (this.phase !== 'banner') return;
    this.phase = 'login';
    this.loginId = this.nextId('login');
    socket.write(formatAction({ Action: 'Login', ActionID: this.loginId, Username: this.opts.username, Secret: this.#secret, Events: this.opts.events ?? 'on' }));
  }

  private onMessage(socket: Socket, msg: AmiMessage): void {
    const f = msg.fields;
    this.counters.messages += 1;
    if (f.response !== undefined) {
      if (f.actionid === this.loginId && this.phase === 'login') {
        if (f.response.toLowerCase() === 'success') this.onLoggedIn(socket);
        else {
          this.lastError = `login refused: ${(f.message ?? 'no reason given').slice(0, 200)}`;
          socket.destroy();
        }
      } else if (this.pingId && f.actionid === this.pingId) {
        this.pingId = null;
      } else if (this.collecting && (f.actionid === this.collecting.statusId || f.actionid === this.collecting.channelsId)) {
        this.collect(msg);
      }
      return;
    }
    if (this.phase !== 'up' || f.event === undefined) return;
    if (this.collecting && f.actionid !== undefined && (f.actionid === this.collecting.statusId || f.actionid === this.collecting.channelsId)) {
      this.collect(msg);
      return;
    }
    const res = this.mapper.map(msg, this.now());
    if (res.ignored) {
      this.counters.ignored[f.event] = (this.counters.ignored[f.event] ?? 0) + 1;
      return;
    }
    if (res.error) {
      this.counters.mapErrors += 1;
      this.emit('notice', { kind: 'map_error', event: f.event, error: res.error });
      // counted and shown (metrics, duty view); the first ones of a connection also in the log
      this.mapErrorsLogged += 1;
      if (this.mapErrorsLogged <= 20) this.opts.logger?.warn({ event: f.event, error: res.error, count: this.counters.mapErrors }, 'AMI event not mapped');
      else this.opts.logger?.debug({ event: f.event, error: res.error }, 'AMI event not mapped');
    }
    this.enqueue(res.events);
  }

  private onLoggedIn(socket: Socket): void {
    this.phase = 'up';
    if (this.connectTimer) clearTimeout(this.connectTimer);
    this.connectTimer = null;
    this.failures = 0;
    this.counters.connects += 1;
    this._status = 'connected';
    this.mapErrorsLogged = 0;
    this.opts.logger?.info({ ...this.where(), version: this.version }, 'AMI connected');
    this.emit('status', { status: 'connected', at: this.now(), ...(this.version ? { version: this.version } : {}) });
    if (this.awaySince !== undefined) this.emit('notice', { kind: 'gap', fromMs: this.awaySince, toMs: this.now() });
    this.awaySince = undefined;
    if (this.opts.reconcile !== false) void this.startReconcile(socket);
    const every = this.opts.pingIntervalMs ?? 30_000;
    if (every > 0) {
      this.pingTimer = setInterval(() => {
        if (this.pingId) {
          this.lastError = 'no reply to Ping';
          socket.destroy();
          return;
        }
        this.pingId = this.nextId('ping');
        socket.write(formatAction({ Action: 'Ping', ActionID: this.pingId }));
      }, every);
      this.pingTimer.unref?.();
    }
  }

  private onClose(socket: Socket): void {
    if (socket !== this.socket) return;
    this.socket = null;
    for (const t of [this.connectTimer, this.pingTimer]) if (t) clearTimeout(t);
    this.connectTimer = this.pingTimer = null;
    this.pingId = null;
    const wasUp = this.phase === 'up';
    this.phase = 'idle';
    // a message cut by the disconnect is dropped with the framer's buffer on the next connect
    this.enqueue(this.mapper.forgetPendingLeaves());
    if (this.collecting) clearTimeout(this.collecting.timer);
    this.collecting = null;
    if (wasUp) this.awaySince = this.now();
    this._status = 'disconnected';
    const reason = this.lastError ?? (wasUp ? 'connection closed by Asterisk' : 'connection closed before login');
    if (!this.running) {
      this.emit('status', { status: 'disconnected', at: this.now(), reason: 'stopped' });
      return;
    }
    this.failures += 1;
    const retryInMs = backoffDelay(this.failures, this.opts.backoff, this.opts.random);
    this.opts.logger?.warn({ ...this.where(), reason, retryInMs }, wasUp ? 'AMI disconnected' : 'AMI connection failed');
    this.emit('status', { status: 'disconnected', at: this.now(), reason, retryInMs });
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      this.connectNow();
    }, retryInMs);
  }

  // ---- reconciliation ------------------------------------------------------------------

  /** Obzor's view first (after what is queued has been delivered), then the PBX's lists */
  private async startReconcile(socket: Socket): Promise<void> {
    let view: ObzorView = { waiting: [], agents: [] };
    try {
      await this.delivery.drained(5000);
      if (this.opts.view) view = await this.opts.view();
    } catch (e) {
      this.opts.logger?.warn({ error: (e as Error).message }, "AMI: Obzor's state could not be read; reconciling with the feed's own memory");
    }
    if (socket !== this.socket || this.phase !== 'up') return;
    const statusId = this.nextId('queuestatus');
    const channelsId = this.nextId('channels');
    const timer = setTimeout(() => this.finishReconcile('the PBX did not finish listing its state in time'), this.opts.reconcileTimeoutMs ?? 15_000);
    timer.unref?.();
    this.collecting = {
      statusId,
      channelsId,
      state: { atMs: 0, entries: [], members: [], queues: [], channels: new Set() },
      statusDone: false,
      channelsDone: false,
      channelsKnown: false,
      view,
      timer,
      startedAt: this.now(),
    };
    socket.write(formatAction({ Action: 'QueueStatus', ActionID: statusId }));
    socket.write(formatAction({ Action: 'CoreShowChannels', ActionID: channelsId }));
  }

  private collect(msg: AmiMessage): void {
    const c = this.collecting!;
    const f = msg.fields;
    const status = f.actionid === c.statusId;
    if (f.response !== undefined) {
      if (f.response.toLowerCase() === 'error') {
        if (status) return this.finishReconcile(`QueueStatus refused: ${(f.message ?? '').slice(0, 200)}`);
        c.channelsDone = true;
      }
    } else {
      switch ((f.event ?? '').toLowerCase()) {
        case 'queueparams':
          if (f.queue) c.state.queues.push(f.queue);
          break;
        case 'queuemember': {
          const iface = f.location || f.interface || f.stateinterface;
          if (f.queue && iface) c.state.members.push({ iface, ...(f.name || f.membername ? { name: f.name || f.membername } : {}), queue: f.queue, paused: f.paused === '1', status: Number(f.status ?? '0'), inCall: f.incall === '1' });
          break;
        }
        case 'queueentry':
          if (f.queue && f.uniqueid) c.state.entries.push({ uniqueId: f.uniqueid, queue: f.queue, waitSec: Number(f.wait ?? '0') || 0 });
          break;
        case 'queuestatuscomplete':
          c.statusDone = true;
          break;
        case 'coreshowchannel':
          if (f.uniqueid) c.state.channels.add(f.uniqueid);
          break;
        case 'coreshowchannelscomplete':
          c.channelsDone = true;
          c.channelsKnown = true;
          break;
      }
    }
    if (c.statusDone && c.channelsDone) this.finishReconcile();
  }

  private finishReconcile(failure?: string): void {
    const c = this.collecting;
    if (!c) return;
    clearTimeout(c.timer);
    this.collecting = null;
    if (failure && !c.statusDone) {
      this.emit('notice', { kind: 'reconcile_failed', error: failure });
      this.opts.logger?.warn({ ...this.where(), error: failure }, 'AMI: state not reconciled');
      return;
    }
    const { channels, ...rest } = c.state;
    // on the PBX's clock (its events' Timestamp), like every other event of this feed
    const atMs = this.now() - this.mapper.clockOffsetMs;
    const res = this.mapper.reconcile({ ...rest, atMs, ...(c.channelsKnown ? { channels } : {}) }, c.view);
    this.enqueue(res.events);
    const report = { atMs, closed: res.closed, adopted: res.adopted, agents: res.agents, waiting: rest.entries.length };
    this.emit('notice', { kind: 'reconciled', ...report });
    this.opts.logger?.info({ ...this.where(), ...report, ms: this.now() - c.startedAt }, 'AMI: state reconciled with the PBX');
  }

  // ---- delivery ------------------------------------------------------------------------

  private enqueue(events: readonly ObzorEvent[]): void {
    if (!events.length) return;
    this.counters.events += events.length;
    this.delivery.send(events);
  }

  /** after every accepted batch: the calls in progress it changed are saved for a restart */
  private async delivered(): Promise<void> {
    // taken even without a store, so the mapper's list of changes never grows
    const changes = this.mapper.takeChangedCalls();
    const r = this.opts.remembered;
    if (r && Object.keys(changes).length) await r.save(changes).catch((e: Error) => this.opts.logger?.warn({ error: e.message }, 'AMI: calls in progress not saved'));
  }
}
