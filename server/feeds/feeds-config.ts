/**
 * Real feeds (docs/asterisk.md): a JSON file named by OBZOR_FEEDS, validated at start-up.
 * Secrets are not in the file: an AMI feed names the environment variable that holds its secret.
 */
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { formatIssues } from '../../shared/validation-error.js';
import { cannotRead } from '../file-problem.js';

const mapper = {
  name: z.string().regex(/^[a-z0-9][a-z0-9._-]{0,63}$/, '1–64 chars of a-z 0-9 . _ -'),
  site: z.string().min(1),
  queueMap: z.record(z.string(), z.string()).optional(),
  line: z.enum(['hotline', 'direct']).optional(),
  lineByQueue: z.record(z.string(), z.enum(['hotline', 'direct'])).optional(),
  agentMap: z.record(z.string(), z.string()).optional(),
  callIdPrefix: z.string().max(32).optional(),
  /** only these Asterisk queues are taken; default all */
  queues: z.array(z.string()).optional(),
};

export const QueueLogFeed = z.object({ type: z.literal('queue_log'), path: z.string().min(1), pollMs: z.number().int().min(100).optional(), ...mapper }).strict();
export const AmiFeed = z
  .object({
    type: z.literal('ami'),
    host: z.string().min(1),
    port: z.number().int().min(1).max(65535).default(5038),
    username: z.string().min(1),
    /** name of the environment variable holding the AMI secret */
    secretEnv: z.string().regex(/^[A-Z_][A-Z0-9_]*$/),
    ...mapper,
  })
  .strict();
export const FeedConfig = z.discriminatedUnion('type', [QueueLogFeed, AmiFeed]);
export type FeedConfig = z.infer<typeof FeedConfig>;

export class FeedsConfigError extends Error {}

/** `secrets: false`: for tools that only map (an import), an AMI feed's secret need not be set */
export function loadFeeds(path: string | undefined, knownSites: readonly string[], env: NodeJS.ProcessEnv = process.env, opts: { secrets?: boolean } = {}): FeedConfig[] {
  if (!path) return [];
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    throw new FeedsConfigError(`OBZOR_FEEDS: ${cannotRead(path, e)}`);
  }
  const parsed = z.array(FeedConfig).safeParse(raw);
  if (!parsed.success) throw new FeedsConfigError(`OBZOR_FEEDS (${path}): ${formatIssues(parsed.error.issues, raw)}`);
  parsed.data.forEach((f, i) => {
    if (!knownSites.includes(f.site)) throw new FeedsConfigError(`OBZOR_FEEDS (${path}): [${i}].site: expected one of ${knownSites.join(', ')}, got "${f.site}"`);
    if (f.type === 'ami' && opts.secrets !== false && !env[f.secretEnv]) throw new FeedsConfigError(`OBZOR_FEEDS (${path}): [${i}].secretEnv: environment variable ${f.secretEnv} is not set`);
  });
  const names = parsed.data.map((f) => f.name);
  if (new Set(names).size !== names.length) throw new FeedsConfigError(`OBZOR_FEEDS (${path}): feed names must be unique`);
  const conflict = livePair(parsed.data);
  if (conflict) throw new FeedsConfigError(`OBZOR_FEEDS (${path}): ${conflict}`);
  return parsed.data;
}

/**
 * Two live feeds of one PBX on one site (an AMI client and a queue_log follower, or two of
 * either) would report every call twice, from clocks a fraction of a second apart — a call's
 * end could fall into its next queue visit. One PBX, one live feed: several PBXs on one site
 * are told apart by `callIdPrefix`. (A queue_log *import* for a time the AMI feed missed is
 * fine: it is not live, and names the calls alike.)
 */
export function livePair(feeds: readonly FeedConfig[]): string | undefined {
  const seen = new Map<string, FeedConfig>();
  for (const f of feeds) {
    const key = `${f.site}\n${f.callIdPrefix ?? ''}`;
    const other = seen.get(key);
    if (other)
      return `feeds "${other.name}" (${other.type}) and "${f.name}" (${f.type}) both feed site "${f.site}" from one PBX (the same callIdPrefix${f.callIdPrefix ? ` "${f.callIdPrefix}"` : ', none'}): every call would be counted from two sources. Run one live feed per PBX (AMI sees rings as they happen; a queue_log follower survives restarts), import the queue_log for a time the AMI feed missed, or give each PBX its own callIdPrefix`;
    seen.set(key, f);
  }
  return undefined;
}
