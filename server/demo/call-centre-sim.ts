/**
 * A small discrete-event model of a utility contact centre, producing events-v1 events:
 * Poisson arrivals at a rate given per moment (traffic-profile.ts; by default a real working
 * day), callers who give up, operators who sometimes let the phone ring past 3 rings, take a
 * break or log out, callback promises (N4) kept later, answering-machine appeals (N10) answered
 * later, and the odd conflict escalation (N13). Pure: time and randomness come in.
 *
 * Every call, appeal and conflict id starts with DEMO_ID_PREFIX: what the demo left open
 * (demo-leftovers.ts) is told from real data by it.
 */
import type { ObzorEvent } from '../../shared/events.js';
import { realDayCallsPerHour } from './traffic-profile.js';

/** the start of every id of a call, appeal or conflict the demo makes */
export const DEMO_ID_PREFIX = 'demo-';

export type Random = () => number;

/** mulberry32: tiny, seedable, good enough for traffic */
export function seededRandom(seed: number): Random {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const exp = (rnd: Random, mean: number) => -Math.log(1 - rnd()) * mean;
const logNormal = (rnd: Random, median: number, sigma: number) => {
  const z = Math.sqrt(-2 * Math.log(1 - rnd())) * Math.cos(2 * Math.PI * rnd());
  return median * Math.exp(sigma * z);
};


interface Agent {
  id: string;
  state: 'available' | 'ringing' | 'on_call' | 'wrap_up' | 'paused' | 'offline';
  until: number;
  callId?: string;
}

interface Call {
  id: string;
  queue: string;
  queuedAt: number;
  patienceUntil: number;
  ringingAgent?: string;
  ringUntil?: number;
  willAnswer?: boolean;
}

export interface SimOptions {
  site: string;
  timeZone: string;
  agents: number;
  queues: string[];
  speed: number;
  rnd: Random;
  /** calls per hour at a moment (arrivals; `speed` is not applied to it again); default: a real working day × speed */
  callsPerHour?: (at: number) => number;
  /** share of the calls per queue, in the order of `queues`; default: equal */
  queueWeights?: number[];
  /** the run's tag inside its ids (unique per run); default: from the site and the construction time */
  runId?: string;
}

/** what a run took over from an earlier one (demo-leftovers.ts): it settles them in its own time */
export interface TakenOver {
  conflicts: string[];
  callbacks: { callId: string; dueAt: number }[];
  appeals: string[];
}

/** the demo operators' made-up names, as a PBX's member names */
export const DEMO_AGENT_NAMES = ['Анна Ковалёва', 'Дмитрий Орлов', 'Елена Соколова', 'Игорь Лебедев', 'Ольга Морозова', 'Сергей Волков', 'Татьяна Зайцева', 'Алексей Павлов', 'Наталья Семёнова', 'Павел Голубев', 'Ирина Виноградова', 'Максим Богданов'];
const DEMO_PAUSE_REASONS = ['обед', 'перерыв', 'обучение'];

/** when a pending item (a promised callback, an appeal, a conflict) is settled */
interface Pending {
  id: string;
  at: number;
}

export class CallCentreSim {
  private readonly agents: Agent[];
  private waiting: Call[] = [];
  private seq = 0;
  private nextArrival: number | undefined;
  private readonly runId: string;
  private openConflicts: { id: string; resolveAt: number }[] = [];
  private callbacks: Pending[] = [];
  private appeals: Pending[] = [];
  private readonly callsPerHour: (at: number) => number;
  private readonly queueCdf: number[];

  constructor(private readonly o: SimOptions, now: number) {
    this.runId = o.runId ?? `${o.site.slice(0, 8)}-${now.toString(36)}`;
    this.agents = Array.from({ length: o.agents }, (_, i) => ({ id: `op-${String(i + 1).padStart(2, '0')}`, state: 'available', until: now }));
    this.callsPerHour = o.callsPerHour ?? ((at) => realDayCallsPerHour(at, o.timeZone, o.speed));
    const w = o.queues.map((_, i) => Math.max(0, o.queueWeights?.[i] ?? 1));
    const sum = w.reduce((a, b) => a + b, 0) || 1;
    let acc = 0;
    this.queueCdf = w.map((x) => (acc += x / sum));
  }

  private id(kind: string): string {
    return `${DEMO_ID_PREFIX}${this.runId}-${kind}-${++this.seq}`;
  }

  private ratePerMs(now: number): number {
    return Math.max(0.01, this.callsPerHour(now)) / 3_600_000;
  }

  /** the initial agent states, so a fresh wall shows operators at once; `now` may lie in the past (a backfill) */
  start(now: number): ObzorEvent[] {
    for (const a of this.agents) a.until = now;
    return this.agents.map((a) => this.agentEvent(a, now));
  }

  /** An earlier run's open conflicts, callbacks and appeals: settled by this run, as its own would be. */
  takeOver(t: TakenOver, now: number): void {
    const rnd = this.o.rnd;
    for (const id of t.conflicts) this.openConflicts.push({ id, resolveAt: now + (1 + rnd() * 14) * 60_000 });
    for (const c of t.callbacks) {
      // one already overdue is made soon; the others before (now and then just after) their time
      const span = Math.max(0, c.dueAt - now);
      this.callbacks.push({ id: c.callId, at: now + (span > 0 ? (0.1 + rnd()) * span : rnd() * 10 * 60_000) });
    }
    for (const id of t.appeals) this.appeals.push({ id, at: now + (5 + rnd() * 85) * 60_000 });
  }

  /**
   * What this run has open now, closed as at a stop: waiting and ringing callers dropped, calls
   * in progress ended as `reconciled` (neither served nor lost), operators logged out. Its
   * conflicts, callbacks and appeals stay open: they outlive a restart, and the next run takes
   * them over (demo-leftovers.ts).
   */
  closeAll(now: number): ObzorEvent[] {
    const out: ObzorEvent[] = [];
    for (const c of this.waiting) out.push({ ...this.base(now), type: 'call.abandoned', callId: c.id, reason: 'dropped' });
    this.waiting = [];
    for (const a of this.agents) {
      if (a.callId) out.push({ ...this.base(now), type: 'call.ended', callId: a.callId, outcome: 'reconciled' });
      a.callId = undefined;
      if (a.state !== 'offline') this.setAgent(a, 'offline', now, Infinity, out);
    }
    return out;
  }

  /** the calls in progress (a crash leaves them open: the next start closes them from this list) */
  callsInProgress(): { callId: string; answered: boolean }[] {
    return [...this.waiting.map((c) => ({ callId: c.id, answered: false })), ...this.agents.filter((a) => a.callId).map((a) => ({ callId: a.callId!, answered: true }))];
  }

  /** what a wall shows of this model now: for tests and for the figures of docs */
  census(): { waiting: number; ringing: number; agents: Record<Agent['state'], number>; conflicts: number; callbacks: number; appeals: number } {
    const agents = { available: 0, ringing: 0, on_call: 0, wrap_up: 0, paused: 0, offline: 0 };
    for (const a of this.agents) agents[a.state] += 1;
    const ringing = this.waiting.filter((c) => c.ringingAgent).length;
    return { waiting: this.waiting.length - ringing, ringing, agents, conflicts: this.openConflicts.length, callbacks: this.callbacks.length, appeals: this.appeals.length };
  }

  private base(now: number) {
    return { id: this.id('e'), at: new Date(now).toISOString(), site: this.o.site };
  }

  /** as a PBX would: the member name on every state, the reason on a pause (made-up names: the demo's staff) */
  private agentEvent(a: Agent, now: number): ObzorEvent {
    const i = Number(a.id.slice(3)) - 1;
    const reason = a.state === 'paused' ? { reason: DEMO_PAUSE_REASONS[(i + Math.floor(now / 3_600_000)) % DEMO_PAUSE_REASONS.length]! } : {};
    return { ...this.base(now), type: 'agent.state', agentId: a.id, state: a.state, queues: this.o.queues, name: DEMO_AGENT_NAMES[i % DEMO_AGENT_NAMES.length]!, ...reason };
  }

  private setAgent(a: Agent, state: Agent['state'], now: number, until: number, out: ObzorEvent[]): void {
    a.state = state;
    a.until = until;
    out.push(this.agentEvent(a, now));
  }

  /** Advances the model to `now`, returning what happened since the last step. */
  step(now: number, stepMs: number): ObzorEvent[] {
    const out: ObzorEvent[] = [];
    const rnd = this.o.rnd;
    const slow = Math.max(1, this.o.speed) ** 0.5;
    this.nextArrival ??= now + exp(rnd, 1 / this.ratePerMs(now));
    while (this.nextArrival <= now) {
      this.arrive(this.nextArrival, out);
      this.nextArrival += exp(rnd, 1 / this.ratePerMs(now));
    }
    // callers who lose patience
    for (const c of [...this.waiting]) {
      if (c.ringingAgent || now < c.patienceUntil) continue;
      this.waiting = this.waiting.filter((x) => x !== c);
      out.push({ ...this.base(now), type: 'call.abandoned', callId: c.id });
    }
    // rings that end: answered or not
    for (const c of this.waiting.filter((x) => x.ringingAgent && x.ringUntil! <= now)) {
      const agent = this.agents.find((a) => a.id === c.ringingAgent)!;
      if (c.willAnswer) {
        this.waiting = this.waiting.filter((x) => x !== c);
        out.push({ ...this.base(now), type: 'call.answered', callId: c.id, agentId: agent.id });
        out.push({ ...this.base(now + 2000), type: 'call.connected', callId: c.id, specialistId: agent.id });
        agent.callId = c.id;
        this.setAgent(agent, 'on_call', now, now + logNormal(rnd, 270_000, 0.5) / slow, out);
        if (rnd() < 0.06) {
          const promisedAt = now + 60_000 / slow;
          const dueAt = now + (1 + rnd() * 5) * 3_600_000;
          out.push({ ...this.base(promisedAt), type: 'call.callback_promised', callId: c.id, dueAt: new Date(dueAt).toISOString() });
          // most return calls are made in time, about one in ten a little late
          this.callbacks.push({ id: c.id, at: promisedAt + (0.1 + rnd()) * (dueAt - promisedAt) });
        }
      } else {
        out.push({ ...this.base(now), type: 'call.ring_no_answer', callId: c.id, agentId: agent.id });
        c.ringingAgent = undefined;
        this.setAgent(agent, 'paused', now, now + 30_000 / slow, out);
      }
    }
    // operators finishing calls and wrap-up
    for (const a of this.agents) {
      if (a.until > now) continue;
      if (a.state === 'on_call') {
        const roll = rnd();
        const outcome = roll < 0.8 ? 'resolved' : roll < 0.9 ? 'redirected' : roll < 0.95 ? 'callback' : roll < 0.98 ? 'refused_identification' : 'terminated_abuse';
        out.push({ ...this.base(now), type: 'call.ended', callId: a.callId!, outcome });
        if (outcome === 'terminated_abuse' || rnd() < 0.004) this.raiseConflict(a, now, out);
        a.callId = undefined;
        this.setAgent(a, 'wrap_up', now, now + (15_000 + rnd() * 30_000) / slow, out);
      } else if (a.state === 'wrap_up') {
        // now and then a break, more rarely away from the desk for a while
        const roll = rnd();
        if (roll < 0.06) this.setAgent(a, 'paused', now, now + (120_000 + rnd() * 240_000) / slow, out);
        else if (roll < 0.075) this.setAgent(a, 'offline', now, now + (600_000 + rnd() * 1_200_000) / slow, out);
        else this.setAgent(a, 'available', now, now, out);
      } else if (a.state === 'paused' || a.state === 'offline') {
        this.setAgent(a, 'available', now, now, out);
      }
    }
    // the longest-waiting caller goes to a free operator
    for (const c of this.waiting.filter((x) => !x.ringingAgent)) {
      const free = this.agents.find((a) => a.state === 'available');
      if (!free) break;
      c.ringingAgent = free.id;
      // most pick up within 3 rings (15 s); some do not (N1)
      const ringMs = rnd() < 0.85 ? 2000 + rnd() * 10_000 : 16_000 + rnd() * 20_000;
      c.ringUntil = now + ringMs / slow;
      c.willAnswer = rnd() < 0.9;
      out.push({ ...this.base(now), type: 'call.offered', callId: c.id, agentId: free.id });
      this.setAgent(free, 'ringing', now, c.ringUntil, out);
    }
    // conflicts get settled eventually
    for (const c of this.openConflicts.filter((x) => x.resolveAt <= now)) {
      out.push({ ...this.base(now), type: 'conflict.resolved', conflictId: c.id, resolution: 'Клиенту даны разъяснения, претензия принята в письменном виде' });
    }
    this.openConflicts = this.openConflicts.filter((x) => x.resolveAt > now);
    // promised return calls made, appeals answered
    for (const c of this.callbacks.filter((x) => x.at <= now)) out.push({ ...this.base(now), type: 'call.callback_completed', callId: c.id, reached: rnd() < 0.85 });
    this.callbacks = this.callbacks.filter((x) => x.at > now);
    for (const a of this.appeals.filter((x) => x.at <= now)) out.push({ ...this.base(now), type: 'appeal.answered', appealId: a.id });
    this.appeals = this.appeals.filter((x) => x.at > now);
    // answering machine: a few appeals an hour, some handled over time
    if (rnd() < (stepMs / 3_600_000) * 6 * this.o.speed) this.registerAppeal(now, out);
    return out;
  }

  private arrive(at: number, out: ObzorEvent[]): void {
    const rnd = this.o.rnd;
    const roll = rnd();
    const queue = this.o.queues[Math.max(0, this.queueCdf.findIndex((x) => roll < x))] ?? this.o.queues[0]!;
    const c: Call = { id: this.id('call'), queue, queuedAt: at, patienceUntil: at + exp(rnd, 240_000) };
    this.waiting.push(c);
    out.push({
      ...this.base(at),
      type: 'call.queued',
      callId: c.id,
      queue,
      line: queue === 'hotline' ? 'hotline' : 'direct',
      clientType: rnd() < 0.9 ? 'individual' : 'legal',
    });
  }

  private raiseConflict(a: Agent, now: number, out: ObzorEvent[]): void {
    const id = this.id('conflict');
    out.push({
      ...this.base(now),
      type: 'conflict.raised',
      conflictId: id,
      agentId: a.id,
      callId: a.callId,
      summary: 'Клиент не согласен с начислением за электроэнергию, требует руководителя',
      severity: this.o.rnd() < 0.3 ? 'high' : 'normal',
      client: { name: 'Иванов И. И.', account: '65-000-0000', phone: '+7 900 000-00-00' },
    });
    out.push({ ...this.base(now + 30_000), type: 'conflict.escalated', conflictId: id });
    this.openConflicts.push({ id, resolveAt: now + (10 + this.o.rnd() * 30) * 60_000 });
  }

  private registerAppeal(now: number, out: ObzorEvent[]): void {
    const rnd = this.o.rnd;
    const id = this.id('appeal');
    out.push({
      ...this.base(now),
      type: 'appeal.registered',
      appealId: id,
      channel: 'answering_machine',
      clientType: rnd() < 0.9 ? 'individual' : 'legal',
      replyVia: rnd() < 0.8 ? 'phone' : 'address',
    });
    if (rnd() < 0.7) out.push({ ...this.base(now + 1000), type: 'appeal.callback_scheduled', appealId: id, dueAt: new Date(now + (2 + rnd() * 30) * 3_600_000).toISOString() });
    else if (rnd() < 0.1) {
      out.push({ ...this.base(now + 1000), type: 'appeal.rejected', appealId: id, reason: 'no_client_data' });
      return;
    }
    // answered within the hour or so: a wall shows an appeal or two in hand
    this.appeals.push({ id, at: now + (10 + rnd() * 50) * 60_000 });
  }
}
