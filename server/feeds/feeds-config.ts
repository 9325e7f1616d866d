/**
 * Real feeds (docs/asterisk.md): a JSON file named by OBZOR_FEEDS, validated at start-up.
 * Secrets are not in the file: an AMI feed names the environment variable that holds its secret.
 */
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { formatIssues } from '../../shared/validation-error.js';

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

export function loadFeeds(path: string | undefined, knownSites: readonly string[], env: NodeJS.ProcessEnv = process.env): FeedConfig[] {
  if (!path) return [];
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    throw new FeedsConfigError(`OBZOR_FEEDS: cannot read ${path}: ${(e as Error).message}`);
  }
  const parsed = z.array(FeedConfig).safeParse(raw);
  if (!parsed.success) throw new FeedsConfigError(`OBZOR_FEEDS (${path}): ${formatIssues(parsed.error.issues, raw)}`);
  parsed.data.forEach((f, i) => {
    if (!knownSites.includes(f.site)) throw new FeedsConfigError(`OBZOR_FEEDS (${path}): [${i}].site: expected one of ${knownSites.join(', ')}, got "${f.site}"`);
    if (f.type === 'ami' && !env[f.secretEnv]) throw new FeedsConfigError(`OBZOR_FEEDS (${path}): [${i}].secretEnv: environment variable ${f.secretEnv} is not set`);
  });
  const names = parsed.data.map((f) => f.name);
  if (new Set(names).size !== names.length) throw new FeedsConfigError(`OBZOR_FEEDS (${path}): feed names must be unique`);
  return parsed.data;
}
