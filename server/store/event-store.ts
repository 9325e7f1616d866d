/**
 * Folds validated events into Redis exactly once. Events are grouped by entity; each group
 * is one atomic `applyEntity` script call (see lua/apply-entity.lua). Reads and script calls
 * are pipelined across groups, so a batch of 1,000 events costs two round trips.
 */
import type { ObzorEvent } from '../../shared/events.js';
import { diffDerived, EMPTY_DERIVED, type Derived } from '../domain/derived.js';
import { deriveEntity, entityOf, retainEvents, type EntityKind } from '../domain/entities.js';
import type { SiteConfig } from '../domain/sites.js';
import type { Keys } from './keys.js';
import type { ObzorRedis } from './redis-client.js';

export interface EntityRecord {
  events: ObzorEvent[];
  derived: Derived;
}

export interface StoreSettings {
  dedupeTtlSec: number;
  counterTtlSec: number;
  openEntityTtlSec: number;
  logMaxLen: number;
}

export class StoreUnavailableError extends Error {}

interface Group {
  site: SiteConfig;
  kind: EntityKind;
  id: string;
  events: ObzorEvent[];
}

export type ApplyStatus = 'accepted' | 'duplicate';

const MAX_ATTEMPTS = 20;

export class EventStore {
  constructor(
    private readonly redis: ObzorRedis,
    private readonly keys: Keys,
    private readonly sites: ReadonlyMap<string, SiteConfig>,
    private readonly settings: StoreSettings,
    /** log entries are written only for live ingest; rebuild replays without re-logging */
    private readonly writeLog = true,
  ) {}

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
      if (attempt >= MAX_ATTEMPTS) throw new Error(`could not apply ${pending.length} entities after ${MAX_ATTEMPTS} attempts (contention)`);
      pending = await this.applyOnce(pending, status);
    }
    return status;
  }

  /** `known`: the entity's [version, record] as the caller already read it (commands) */
  private async applyOnce(groups: [string, Group][], status: Map<ObzorEvent, ApplyStatus>, known?: [string | null, string | null]): Promise<[string, Group][]> {
    const read = this.redis.pipeline();
    for (const [key, g] of groups) {
      if (!known) read.hmget(key, 'v', 'r');
      for (const e of g.events) read.exists(this.keys.seen(g.site.id, e.id));
    }
    const replies = await execOrThrow(read);
    if (known) replies.unshift(known);
    let i = 0;
    const write = this.redis.pipeline();
    const writing: [string, Group][] = [];
    for (const entry of groups) {
      const [key, g] = entry;
      const [version, raw] = replies[i++] as [string | null, string | null];
      const fresh = g.events.filter(() => replies[i++] === 0);
      for (const e of g.events) if (!fresh.includes(e)) status.set(e, 'duplicate');
      if (fresh.length === 0) continue;
      const before: EntityRecord = raw ? (JSON.parse(raw) as EntityRecord) : { events: [], derived: EMPTY_DERIVED };
      const events = retainEvents(g.kind, [...before.events, ...fresh]);
      const derived = deriveEntity(g.kind, events, g.site);
      this.queueScript(write, key, g, version, { events, derived }, before.derived, fresh);
      writing.push(entry);
    }
    if (writing.length === 0) return [];
    const results = await execOrThrow(write);
    const retry: [string, Group][] = [];
    results.forEach((r, j) => {
      const entry = writing[j]!;
      if (r === 'ok') {
        for (const e of entry[1].events) if (!status.has(e)) status.set(e, 'accepted');
      } else {
        // someone else changed this entity: re-read and re-fold only the undecided events
        entry[1].events = entry[1].events.filter((e) => !status.has(e));
        retry.push(entry);
      }
    });
    return retry;
  }

  private queueScript(
    pipe: ReturnType<ObzorRedis['pipeline']>,
    entityKey: string,
    g: Group,
    version: string | null,
    record: EntityRecord,
    before: Derived,
    fresh: ObzorEvent[],
  ): void {
    const site = g.site.id;
    const diff = diffDerived(before, record.derived);
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
    for (const c of diff.counters) ops.push(['i', keyIndex(this.keys.counters(site, c.bucket)), c.field, c.by]);
    for (const s of diff.liveSet) ops.push(['s', keyIndex(this.keys.live(site, s.table)), s.field, s.value]);
    for (const d of diff.liveDel) ops.push(['d', keyIndex(this.keys.live(site, d.table)), d.field]);
    const ttl = record.derived.closed ? this.settings.dedupeTtlSec : this.settings.openEntityTtlSec;
    const logMaxLen = this.writeLog ? this.settings.logMaxLen : 0;
    const args: (string | number)[] = [
      version ?? '',
      String(Number(version ?? 0) + 1),
      JSON.stringify(record),
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
  ): Promise<{ applied: ObzorEvent } | { duplicate: ObzorEvent } | R> {
    if (!this.available) throw new StoreUnavailableError('Redis is not connected');
    const site = this.sites.get(siteId);
    if (!site) throw new Error(`unknown site ${siteId}`);
    const key = this.keys.entity(siteId, kind, id);
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      const [[version, raw]] = (await execOrThrow(this.redis.pipeline().hmget(key, 'v', 'r'))) as [[string | null, string | null]];
      const record = raw ? (JSON.parse(raw) as EntityRecord) : null;
      const decision = decide(record);
      if ('refused' in decision) return decision;
      const group: Group = { site, kind, id, events: [decision] };
      const status = new Map<ObzorEvent, ApplyStatus>();
      const retry = await this.applyOnce([[key, group]], status, [version, raw]);
      if (retry.length === 0) return status.get(decision) === 'accepted' ? { applied: decision } : { duplicate: decision };
    }
    throw new Error(`could not apply a command on ${key} after ${MAX_ATTEMPTS} attempts (contention)`);
  }

  /** The stored record of one entity (for detail views and the conflicts console). */
  async entity(site: string, kind: EntityKind, id: string): Promise<EntityRecord | null> {
    const raw = await this.redis.hget(this.keys.entity(site, kind, id), 'r');
    return raw ? (JSON.parse(raw) as EntityRecord) : null;
  }
}

async function execOrThrow(pipe: ReturnType<ObzorRedis['pipeline']>): Promise<unknown[]> {
  let replies: [Error | null, unknown][] | null;
  try {
    replies = await pipe.exec();
  } catch (e) {
    throw new StoreUnavailableError((e as Error).message);
  }
  if (!replies) throw new StoreUnavailableError('pipeline aborted');
  return replies.map(([err, value]) => {
    if (err) {
      if (/writeable|Connection is closed|ECONNREFUSED|ECONNRESET/i.test(err.message)) throw new StoreUnavailableError(err.message);
      throw err;
    }
    return value;
  });
}
