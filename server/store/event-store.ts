/**
 * Folds validated events into Redis exactly once. Events are grouped by entity; each group
 * is one atomic `applyEntity` script call (see lua/apply-entity.lua). Reads and script calls
 * are pipelined across groups, so a batch of 1,000 events costs two round trips.
 */
import type { ObzorEvent } from '../../shared/events.js';
import { diffDerived, EMPTY_DERIVED, type Derived } from '../domain/derived.js';
import { entityOf, ENTITY_LIMITS, foldEntity, type EntityKind } from '../domain/entities.js';
import type { SiteConfig, SiteLookup } from '../domain/sites.js';
import type { Keys } from './keys.js';
import { isArrivalMinuteField, isRollupOnlyField } from '../../shared/counters.js';
import { localDateOf } from '../domain/local-day.js';

/** issue 17: daily roll-ups are kept six years by default (reports over years; OBZOR_ROLLUP_DAYS) */
export const ROLLUP_TTL_SEC = 6 * 366 * 86_400;
import type { ObzorRedis } from './redis-client.js';
import { storeErrorOf, StoreUnavailableError } from './store-errors.js';
import { slotPipeline } from './slot-pipeline.js';
import { confirmOnReplicas, type ReplicaAck } from './replica-ack.js';

export { StoreUnavailableError } from './store-errors.js';

export interface EntityRecord {
  events: ObzorEvent[];
  derived: Derived;
}

export interface StoreSettings {
  dedupeTtlSec: number;
  counterTtlSec: number;
  /** issue 17: how long the daily roll-ups (`{site}:day:<date>`) are kept; default 6 years */
  rollupTtlSec?: number;
  openEntityTtlSec: number;
  logMaxLen: number;
  /** issue 18: replicas an accepted write must reach before it is answered (WAIT); 0 or unset: none */
  ackReplicas?: number;
  ackTimeoutMs?: number;
}


interface Group {
  site: SiteConfig;
  kind: EntityKind;
  id: string;
  events: ObzorEvent[];
}

/** what became of one event: a rejection here is about its entity (unreadable record, a limit), never the batch */
/** A command whose event the contract or the entity's limits refuse */
export interface InvalidCommand {
  refused: string;
  reason: 'invalid';
}

/** A command's outcome with the entity's record after it: the caller need not read it again. */
export type CommandResult = { applied: ObzorEvent; record: EntityRecord } | { duplicate: ObzorEvent; record: EntityRecord | null };

export type ApplyStatus = { status: 'accepted' | 'duplicate' } | { status: 'rejected'; error: string };
const ACCEPTED: ApplyStatus = { status: 'accepted' };
const DUPLICATE: ApplyStatus = { status: 'duplicate' };

const MAX_ATTEMPTS = 20;

export class EventStore {
  constructor(
    private readonly redis: ObzorRedis,
    private readonly keys: Keys,
    /** asked per event: a site's settings changed in /admin take effect on the next one */
    private readonly sites: Pick<SiteLookup, 'get'>,
    private readonly settings: StoreSettings,
    /** log entries are written only for live ingest; rebuild replays without re-logging */
    private readonly writeLog = true,
  ) {
    this.ack = settings.ackReplicas ? { replicas: settings.ackReplicas, timeoutMs: settings.ackTimeoutMs ?? 1000 } : undefined;
  }

  private readonly ack: ReplicaAck | undefined;

  /** a rebuild's days whose roll-up it cleared (it is the only writer then: no script of it is retried) */
  private readonly rebuiltDays = new Set<string>();
  /** bucket → its local date, per site zone: every counter delta asks */
  private readonly dates = new Map<string, string>();

  private localDate(site: SiteConfig, bucket: number): string {
    const k = `${site.timeZone}|${bucket}`;
    let d = this.dates.get(k);
    if (d === undefined) {
      if (this.dates.size > 50_000) this.dates.clear();
      this.dates.set(k, (d = localDateOf(bucket, site.timeZone)));
    }
    return d;
  }

  get available(): boolean {
    return this.redis.status === 'ready';
  }

  /** Applies events (already validated, distinct ids); returns each event's status (keyed by the event object). */
  async apply(events: readonly ObzorEvent[]): Promise<Map<ObzorEvent, ApplyStatus>> {
    if (!this.available) throw new StoreUnavailableError('Redis is not connected');
    const groups = new Map<string, Group>();
    for (const e of events) {
      const site = this.sites.get(e.site);
      if (!site) throw new Error(`unknown site ${e.site}`);
      const { kind, id } = entityOf(e);
      const key = this.keys.entity(e.site, kind, id);
      let g = groups.get(key);
      if (!g) groups.set(key, (g = { site, kind, id, events: [] }));
      g.events.push(e);
    }
    const status = new Map<ObzorEvent, ApplyStatus>();
    let pending = [...groups.entries()];
    for (let attempt = 0; pending.length > 0; attempt++) {
      // contention: the sender retries (its events dedupe), as after any 503
      if (attempt >= MAX_ATTEMPTS) throw new StoreUnavailableError(`could not apply ${pending.length} entities after ${MAX_ATTEMPTS} attempts (contention)`);
      pending = await this.applyOnce(pending, status);
    }
    // also when every event was a duplicate: the retry of a batch whose first WAIT fell short confirms it now
    if (this.ack) await confirmOnReplicas(this.redis, [...new Set([...groups.values()].map((g) => this.keys.seq(g.site.id)))], this.ack);
    return status;
  }

  /** `known`: the entity's [version, record] as the caller already read it (commands); `written`: gets each record written */
  private async applyOnce(groups: [string, Group][], status: Map<ObzorEvent, ApplyStatus>, known?: [string | null, string | null], written?: Map<string, EntityRecord>): Promise<[string, Group][]> {
    const read = slotPipeline(this.redis);
    for (const [key, g] of groups) {
      if (!known) read.hmget(key, 'v', 'r');
      for (const e of g.events) read.exists(this.keys.seen(g.site.id, e.id));
    }
    const replies = await execOrThrow(read);
    if (known) replies.unshift(known);
    let i = 0;
    const write = slotPipeline(this.redis);
    const writing: [string, Group][] = [];
    const records: EntityRecord[] = [];
    for (const entry of groups) {
      const [key, g] = entry;
      const [version, raw] = replies[i++] as [string | null, string | null];
      const fresh = g.events.filter(() => replies[i++] === 0);
      for (const e of g.events) if (!fresh.includes(e)) status.set(e, DUPLICATE);
      if (fresh.length === 0) continue;
      // one entity's trouble (a corrupt record, a fold that throws, a limit) rejects its own events only
      const planned = this.plan(g, raw, fresh);
      if ('error' in planned) {
        for (const e of planned.rejected) status.set(e, { status: 'rejected', error: planned.error });
        continue;
      }
      for (const e of planned.over) status.set(e, { status: 'rejected', error: planned.overError });
      this.queueScript(write, key, g, version, planned, planned.fresh);
      writing.push(entry);
      records.push(planned.record);
    }
    if (writing.length === 0) return [];
    const results = await execReplies(write);
    const retry: [string, Group][] = [];
    results.forEach(([err, r], j) => {
      const entry = writing[j]!;
      if (err) {
        // a script error about this entity's keys (e.g. a key of the wrong type): its events only
        for (const e of entry[1].events) if (!status.has(e)) status.set(e, { status: 'rejected', error: `${entityLabel(entry[1])}: the store refused it (${err.message}); nothing applied` });
      } else if (r === 'ok') {
        for (const e of entry[1].events) if (!status.has(e)) status.set(e, ACCEPTED);
        written?.set(entry[0], records[j]!);
      } else if (typeof r === 'string' && r.startsWith('refused:')) {
        // the script checked before its first write: nothing of this entity was written
        for (const e of entry[1].events) if (!status.has(e)) status.set(e, { status: 'rejected', error: `${entityLabel(entry[1])}: ${r.slice(8)}; nothing applied` });
      } else {
        // someone else changed this entity: re-read and re-fold only the undecided events
        entry[1].events = entry[1].events.filter((e) => !status.has(e));
        retry.push(entry);
      }
    });
    return retry;
  }

  /** The entity's new record with `fresh` folded in, within the entity limits; or why not. */
  private plan(g: Group, raw: string | null, fresh: ObzorEvent[]):
    | { record: EntityRecord; json: string; before: Derived; counted: Derived; fresh: ObzorEvent[]; over: ObzorEvent[]; overError: string }
    | { error: string; rejected: ObzorEvent[] } {
    const label = entityLabel(g);
    let before: EntityRecord;
    try {
      before = raw ? (JSON.parse(raw) as EntityRecord) : { events: [], derived: EMPTY_DERIVED };
      if (!Array.isArray(before.events) || typeof before.derived !== 'object' || before.derived === null) throw new Error('not an entity record');
    } catch (e) {
      return { error: `${label}: its stored record cannot be read (${(e as Error).message}); nothing applied`, rejected: fresh };
    }
    const room = Math.max(0, ENTITY_LIMITS.events - before.events.length);
    const taken = g.kind === 'agent' ? fresh : fresh.slice(0, room);
    const over = fresh.slice(taken.length);
    const overError = `${label}: expected at most ${ENTITY_LIMITS.events} events for one entity, got more; this event was not applied`;
    if (taken.length === 0) return { error: overError, rejected: fresh };
    try {
      const { events, derived, counted } = foldEntity(g.kind, before.events, taken, g.site);
      const record = { events, derived };
      const json = JSON.stringify(record);
      if (json.length > ENTITY_LIMITS.recordChars) {
        return { error: `${label}: expected its record to stay within ${ENTITY_LIMITS.recordChars / 1024 / 1024} MB, got more with these events; nothing applied`, rejected: fresh };
      }
      return { record, json, before: before.derived, counted, fresh: taken, over, overError };
    } catch (e) {
      return { error: `${label}: could not be folded (${(e as Error).message}); nothing applied`, rejected: fresh };
    }
  }

  private queueScript(
    pipe: ReturnType<ObzorRedis['pipeline']>,
    entityKey: string,
    g: Group,
    version: string | null,
    { record, json, before, counted }: { record: EntityRecord; json: string; before: Derived; counted: Derived },
    fresh: ObzorEvent[],
  ): void {
    const site = g.site.id;
    // `counted`: the record's contribution, and for agents the intervals its kept reports settle (entities.ts foldEntity)
    const diff = diffDerived(before, counted);
    const keys: string[] = [entityKey, this.keys.log(site), ...fresh.map((e) => this.keys.seen(site, e.id))];
    const index = new Map<string, number>();
    const keyIndex = (k: string) => {
      let n = index.get(k);
      if (n === undefined) {
        keys.push(k);
        index.set(k, (n = keys.length));
      }
      return n;
    };
    const ops: (string | number)[][] = [];
    for (const c of diff.counters) {
      // a report's counters kept by days only (`rollupOnly`, shared/counters.ts) stay out of the 15-minute buckets
      if (!isRollupOnlyField(c.field)) ops.push(['i', keyIndex(this.keys.counters(site, c.bucket)), c.field, c.by]);
      // the same count in the day's roll-up, kept for years (reports); the minute arrivals are for the surge alarm only
      if (isArrivalMinuteField(c.field)) continue;
      const day = this.keys.daily(site, this.localDate(g.site, c.bucket));
      // a rebuild replays the log into emptied keys, except the roll-ups of days the log no longer holds: each day it touches is cleared first
      if (!this.writeLog && !this.rebuiltDays.has(day)) {
        this.rebuiltDays.add(day);
        ops.push(['x', keyIndex(day)]);
      }
      ops.push(['i', keyIndex(day), c.field, c.by, this.settings.rollupTtlSec ?? ROLLUP_TTL_SEC]);
    }
    for (const s of diff.liveSet) ops.push(['s', keyIndex(this.keys.live(site, s.table)), s.field, s.value]);
    for (const d of diff.liveDel) ops.push(['d', keyIndex(this.keys.live(site, d.table)), d.field]);
    const ttl = record.derived.closed ? this.settings.dedupeTtlSec : this.settings.openEntityTtlSec;
    const logMaxLen = this.writeLog ? this.settings.logMaxLen : 0;
    const args: (string | number)[] = [
      version ?? '',
      String(Number(version ?? 0) + 1),
      json,
      ttl,
      this.settings.dedupeTtlSec,
      logMaxLen,
      this.settings.counterTtlSec,
      fresh.length,
      JSON.stringify(ops),
      ...fresh.map((e) => JSON.stringify(e)),
    ];
    (pipe as unknown as { applyEntity(n: number, ...a: (string | number)[]): void }).applyEntity(keys.length, ...keys, ...args);
  }

  /**
   * Applies an event that may only happen in the entity's current state (a manager's action):
   * `decide` sees the record and returns the event, or a refusal. The write carries the version
   * it was decided on, so of two concurrent actions exactly one wins; the other is decided again
   * on the new state (and typically refused).
   */
  async command<R extends { refused: string }>(
    siteId: string,
    kind: EntityKind,
    id: string,
    decide: (record: EntityRecord | null) => ObzorEvent | R,
  ): Promise<CommandResult | R | InvalidCommand> {
    if (!this.available) throw new StoreUnavailableError('Redis is not connected');
    const site = this.sites.get(siteId);
    if (!site) throw new Error(`unknown site ${siteId}`);
    const key = this.keys.entity(siteId, kind, id);
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      const [[version, raw]] = (await execOrThrow(slotPipeline(this.redis).hmget(key, 'v', 'r'))) as [[string | null, string | null]];
      const record = raw ? (JSON.parse(raw) as EntityRecord) : null;
      const decision = decide(record);
      if ('refused' in decision) return decision;
      const group: Group = { site, kind, id, events: [decision] };
      const status = new Map<ObzorEvent, ApplyStatus>();
      const written = new Map<string, EntityRecord>();
      const retry = await this.applyOnce([[key, group]], status, [version, raw], written);
      if (retry.length === 0) {
        await confirmOnReplicas(this.redis, [this.keys.seq(siteId)], this.ack);
        const s = status.get(decision);
        if (s?.status === 'rejected') return { refused: s.error, reason: 'invalid' };
        return s?.status === 'accepted' ? { applied: decision, record: written.get(key)! } : { duplicate: decision, record };
      }
    }
    throw new StoreUnavailableError(`could not apply a command on ${key} after ${MAX_ATTEMPTS} attempts (contention)`);
  }

  /** The stored record of one entity (for detail views and the conflicts console). */
  async entity(site: string, kind: EntityKind, id: string): Promise<EntityRecord | null> {
    const raw = await this.redis.hget(this.keys.entity(site, kind, id), 'r');
    return raw ? (JSON.parse(raw) as EntityRecord) : null;
  }
}

function entityLabel(g: Group): string {
  return `${g.kind} ${JSON.stringify(g.id)}`;
}

/** The replies of a pipeline; "the store is away" — for the whole pipeline or any reply — throws StoreUnavailableError. */
async function execReplies(pipe: ReturnType<ObzorRedis['pipeline']>): Promise<[Error | null, unknown][]> {
  let replies: [Error | null, unknown][] | null;
  try {
    replies = await pipe.exec();
  } catch (e) {
    throw new StoreUnavailableError((e as Error).message);
  }
  if (!replies) throw new StoreUnavailableError('pipeline aborted');
  for (const [err] of replies) {
    const mapped = err && storeErrorOf(err);
    if (mapped instanceof StoreUnavailableError) throw mapped;
  }
  return replies;
}

async function execOrThrow(pipe: ReturnType<ObzorRedis['pipeline']>): Promise<unknown[]> {
  return (await execReplies(pipe)).map(([err, value]) => {
    if (err) throw err;
    return value;
  });
}
