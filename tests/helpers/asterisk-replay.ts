/**
 * Replays a recorded Asterisk run through Obzor's real adapters: the queue_log line by line
 * through the QueueLogProcessor (parser + mapper), the AMI capture message by message through
 * the AmiMapper on the capture's own clock. And reads back what Obzor made of it from Redis:
 * every counter of the site summed (the same sums the dashboard's "today" uses) and the live
 * tables. Compared with `queueLogTruth` (asterisk-truth.ts).
 */
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import type { ObzorEvent } from '../../shared/events.js';
import type { AgentLive, WaitingCall } from '../../shared/snapshot.js';
import type { AmiMessage } from '../../server/adapters/asterisk/ami-framing.js';
import { AmiMapper, type AmiMapperOptions } from '../../server/adapters/asterisk/ami-mapper.js';
import { QueueLogProcessor, type QueueLogProcessorOptions } from '../../server/adapters/asterisk/queue-log-processor.js';
import { sumCounters } from '../../server/domain/day-totals.js';
import type { Totals } from '../../shared/day-totals.js';
import type { Keys } from '../../server/store/keys.js';
import type { Cluster, Redis } from 'ioredis';
import { scanKeys } from '../../server/store/scan-keys.js';
import type { Figures } from './asterisk-truth.js';

export const LIVE_RUN = new URL('../fixtures/asterisk/live-22.10.1/', import.meta.url);

export function liveRunQueueLog(): string {
  return readFileSync(new URL('queue_log', LIVE_RUN), 'utf8');
}

/** every AMI event of the run, fields as Asterisk sent them plus `_t` (receive time, Unix s) */
export function liveRunAmi(): Record<string, string | number>[] {
  return gunzipSync(readFileSync(new URL('ami-events.jsonl.gz', LIVE_RUN)))
    .toString('utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as Record<string, string | number>);
}

export function amiMessage(rec: Record<string, string | number>): AmiMessage {
  const fields = Object.create(null) as Record<string, string>;
  for (const [k, v] of Object.entries(rec)) if (!k.startsWith('_')) fields[k.toLowerCase()] = String(v);
  return { fields };
}

export function replayQueueLog(text: string, opts: QueueLogProcessorOptions): ObzorEvent[] {
  const p = new QueueLogProcessor(opts);
  const out: ObzorEvent[] = [];
  text.split('\n').forEach((line, i) => {
    if (i === text.split('\n').length - 1 && line === '') return;
    out.push(...p.process(line, i + 1).events);
  });
  return out;
}

/**
 * The capture through the mapper on its own clock (`_t`): every message mapped at its receive
 * time, pending leaves ticked after each, and a `_Disconnected` record handled as the client
 * handles a closed socket.
 */
export function replayAmi(records: readonly Record<string, string | number>[], opts: AmiMapperOptions): { events: ObzorEvent[]; mapper: AmiMapper; errors: string[] } {
  const mapper = new AmiMapper(opts);
  const events: ObzorEvent[] = [];
  const errors: string[] = [];
  let last = 0;
  for (const rec of records) {
    const t = Math.round(Number(rec._t) * 1000);
    last = t;
    if (rec.Event === '_Disconnected') {
      events.push(...mapper.forgetPendingLeaves());
      continue;
    }
    const res = mapper.map(amiMessage(rec), t);
    if (res.error) errors.push(res.error);
    events.push(...res.events, ...mapper.tick(t));
  }
  events.push(...mapper.tick(last + 60_000));
  return { events, mapper, errors };
}

export interface ObzorFigures {
  byQueue: Map<string, Totals>;
  site: Totals;
  calls: WaitingCall[];
  agents: AgentLive[];
}

/** all of a site's counters (every bucket) and its live tables, as the dashboard sums them */
export async function obzorFigures(redis: Redis | Cluster, keys: Keys, site: string): Promise<ObzorFigures> {
  const hashes: Record<string, string>[] = [];
  for await (const batch of scanKeys(redis, `${keys.site(site)}ctr:*`)) for (const k of batch) hashes.push(await redis.hgetall(k));
  const totals = sumCounters(hashes);
  const calls = Object.values(await redis.hgetall(keys.live(site, 'calls'))).map((v) => JSON.parse(v) as WaitingCall);
  const agents = Object.values(await redis.hgetall(keys.live(site, 'agents'))).map((v) => JSON.parse(v) as AgentLive);
  return { byQueue: totals.byQueue, site: totals.site, calls, agents };
}

/** Obzor's totals in the truth's terms (seconds as averages rounded to 0.1 s) */
export interface Compared {
  offered: number;
  answered: number;
  lost: number;
  lostShort: number;
  timedOut: number | null;
  redirected: number;
  ended: number;
  avgWait: number | null;
  avgTalk: number | null;
  answeredWithinSl: number;
  ringsPast3: number;
}

const avg = (sum: number, n: number) => (n ? Math.round((sum / n) * 10) / 10 : null);

export function fromTruth(f: Figures): Compared {
  return {
    offered: f.offered,
    answered: f.answered,
    lost: f.lost,
    lostShort: f.lostShort,
    timedOut: f.timedOut,
    redirected: f.redirected,
    ended: f.ended,
    avgWait: avg(f.waitSumSec, f.waitN),
    avgTalk: avg(f.talkSumSec, f.talkN),
    answeredWithinSl: f.answeredWithinSl,
    ringsPast3: f.ringsPast3,
  };
}

export function fromObzor(t: Totals | undefined): Compared {
  const x = t ?? ({} as Partial<Totals>);
  const timedOut = (x as Record<string, number | undefined>).timedOut;
  return {
    offered: x.offered ?? 0,
    answered: x.answered ?? 0,
    lost: x.abandoned ?? 0,
    lostShort: x.abandonedShort ?? 0,
    timedOut: timedOut ?? null,
    redirected: x.redirected ?? 0,
    ended: x.ended ?? 0,
    avgWait: avg((x.waitSumMs ?? 0) / 1000, x.waitN ?? 0),
    avgTalk: avg((x.handleSumMs ?? 0) / 1000, x.handleN ?? 0),
    answeredWithinSl: x.answeredInServiceLevel ?? 0,
    ringsPast3: x.ringsPast3 ?? 0,
  };
}

const COUNTS = ['offered', 'answered', 'lost', 'lostShort', 'timedOut', 'redirected', 'ended', 'answeredWithinSl'] as const;

/**
 * Where Obzor's figures of one scope differ from the truth, in words (empty: none): counts
 * exactly, averages within `secondsOff` (Asterisk logs whole seconds; AMI stamps to the
 * microsecond), rings past the limit within `nearLimit` (a ring of 15.02 s is past 15 s; the
 * queue_log says 15).
 */
export function mismatches(scope: string, got: Compared, want: Compared, nearLimit: number, secondsOff: number): string[] {
  const out: string[] = [];
  for (const k of COUNTS) if (got[k] !== want[k]) out.push(`${scope} ${k}: Obzor ${got[k]}, PBX ${want[k]}`);
  for (const k of ['avgWait', 'avgTalk'] as const) {
    const a = got[k];
    const b = want[k];
    if ((a === null) !== (b === null) || (a !== null && b !== null && Math.abs(a - b) > secondsOff)) out.push(`${scope} ${k}: Obzor ${a}, PBX ${b}`);
  }
  if (Math.abs(got.ringsPast3 - want.ringsPast3) > nearLimit) out.push(`${scope} ringsPast3: Obzor ${got.ringsPast3}, PBX ${want.ringsPast3} (± ${nearLimit})`);
  return out;
}

/** every scope (centre and each queue of the truth) compared; also a queue the truth does not have */
export function allMismatches(f: { site: Totals; byQueue: Map<string, Totals> }, truth: { centre: Figures; byQueue: Record<string, Figures> }, secondsOff: number): string[] {
  const out = mismatches('centre', fromObzor(f.site), fromTruth(truth.centre), truth.centre.ringsNearLimit, secondsOff);
  for (const [queue, t] of Object.entries(truth.byQueue)) out.push(...mismatches(queue, fromObzor(f.byQueue.get(queue)), fromTruth(t), t.ringsNearLimit, secondsOff));
  for (const q of f.byQueue.keys()) if (!(q in truth.byQueue)) out.push(`queue ${q}: in Obzor, not at the PBX`);
  return out;
}
