/**
 * A small discrete-event model of a utility contact centre, producing events-v1 events:
 * Poisson arrivals whose rate follows the working day, callers who give up, operators who
 * sometimes let the phone ring past 3 rings, callback promises (N4), answering-machine
 * appeals (N10) and the odd conflict escalation (N13). Pure: time and randomness come in.
 */
import { DateTime } from 'luxon';
import type { ObzorEvent } from '../../shared/events.js';

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

/** calls per hour per site by local hour: a utility's morning peak and quiet night */
const HOURLY_PROFILE = [4, 3, 2, 2, 2, 4, 10, 30, 70, 90, 85, 75, 60, 70, 75, 70, 60, 45, 30, 20, 14, 10, 8, 6];

interface Agent {
  id: string;
  state: 'available' | 'ringing' | 'on_call' | 'wrap_up' | 'paused';
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
}

export class CallCentreSim {
  private readonly agents: Agent[];
  private waiting: Call[] = [];
  private seq = 0;
  private nextArrival: number | undefined;
  private readonly runId: string;
  private openConflicts: { id: string; resolveAt: number }[] = [];

  constructor(private readonly o: SimOptions, now: number) {
    this.runId = `${o.site.slice(0, 8)}-${now.toString(36)}`;
    this.agents = Array.from({ length: o.agents }, (_, i) => ({ id: `op-${String(i + 1).padStart(2, '0')}`, state: 'available', until: now }));
  }

  private id(kind: string): string {
    return `demo-${this.runId}-${kind}-${++this.seq}`;
  }

  private ratePerMs(now: number): number {
    const hour = DateTime.fromMillis(now, { zone: this.o.timeZone }).hour;
    return ((HOURLY_PROFILE[hour] ?? 10) * this.o.speed) / 3_600_000;
  }

  /** the initial agent states, so a fresh wall shows operators at once */
  start(now: number): ObzorEvent[] {
    return this.agents.map((a) => this.agentEvent(a, now));
  }

  private base(now: number) {
    return { id: this.id('e'), at: new Date(now).toISOString(), site: this.o.site };
  }

  private agentEvent(a: Agent, now: number): ObzorEvent {
    return { ...this.base(now), type: 'agent.state', agentId: a.id, state: a.state, queues: this.o.queues };
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
          out.push({ ...this.base(now + 60_000 / slow), type: 'call.callback_promised', callId: c.id, dueAt: new Date(now + (1 + rnd() * 5) * 3_600_000).toISOString() });
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
      } else if (a.state === 'wrap_up' || a.state === 'paused') {
        this.setAgent(a, rnd() < 0.03 ? 'paused' : 'available', now, now + 300_000 / slow, out);
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
    // answering machine: a few appeals an hour, some handled over time
    if (rnd() < (stepMs / 3_600_000) * 6 * this.o.speed) this.registerAppeal(now, out);
    return out;
  }

  private arrive(at: number, out: ObzorEvent[]): void {
    const rnd = this.o.rnd;
    const queue = this.o.queues[Math.floor(rnd() * this.o.queues.length)]!;
    const c: Call = { id: this.id('call'), queue, queuedAt: at, patienceUntil: at + exp(rnd, 150_000) };
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
    else if (rnd() < 0.1) out.push({ ...this.base(now + 1000), type: 'appeal.rejected', appealId: id, reason: 'no_client_data' });
  }
}
