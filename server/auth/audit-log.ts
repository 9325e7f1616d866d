/**
 * Every change an admin makes (users, ingest sources, wall displays): who, when, what, and the
 * record before and after — never a secret (keys, tokens, password hashes are not records).
 * A capped Redis stream shared by all nodes; the admin view lists the newest.
 */
import type { AuditEntry } from '../../shared/roles.js';
import type { Keys } from '../store/keys.js';
import type { ObzorRedis } from '../store/redis-client.js';

/** entries kept (the oldest go first) */
const KEEP = 10_000;

export class AuditLog {
  constructor(
    private readonly redis: ObzorRedis,
    private readonly keys: Keys,
    private readonly clock: () => number = Date.now,
  ) {}

  async record(entry: Omit<AuditEntry, 'at' | 'id'>): Promise<void> {
    const fields = ['at', String(this.clock()), 'actor', entry.actor, 'action', entry.action, 'target', entry.target];
    if (entry.before !== undefined) fields.push('before', JSON.stringify(entry.before));
    if (entry.after !== undefined) fields.push('after', JSON.stringify(entry.after));
    await this.redis.xadd(this.keys.auth('audit'), 'MAXLEN', '~', KEEP, '*', ...fields);
  }

  /** the newest first */
  async list(limit = 200): Promise<AuditEntry[]> {
    const rows = await this.redis.xrevrange(this.keys.auth('audit'), '+', '-', 'COUNT', limit);
    return rows.map(([id, flat]) => {
      const f: Record<string, string> = {};
      for (let i = 0; i + 1 < flat.length; i += 2) f[flat[i]!] = flat[i + 1]!;
      return {
        id,
        at: Number(f.at),
        actor: f.actor ?? '',
        action: f.action ?? '',
        target: f.target ?? '',
        ...(f.before ? { before: JSON.parse(f.before) as unknown } : {}),
        ...(f.after ? { after: JSON.parse(f.after) as unknown } : {}),
      };
    });
  }
}
