/**
 * `npm run bench [-- ingest webhooks fanout memory] [--profile] [--fanout=1000:500,1000]
 * [--senders=4] [--ingest-nodes=1] [--step-ms=6000] [--push-interval=150] [--ws-compression=on]` — the performance bench (docs/performance.md). Uses the real Redis (REDIS_URL, default 127.0.0.1:6379) under a key
 * prefix of its own, `obzor-bench:<random>:`, whose keys are all deleted at the end.
 * Prints Markdown tables and writes bench/results/latest.json. Not part of `npm test`.
 */
import { Redis } from 'ioredis';
import { deleteKeys, newBenchEnv, REDIS_URL } from './bench-env.js';
import { fanout, type FanoutPlan } from './fanout.js';
import { ingestCeiling } from './ingest-ceiling.js';
import { machineInfo } from './machine.js';
import { markdown, RESULTS_FILE, targetsOf, writeResults, type BenchResults } from './report.js';
import { siteDayMemory } from './site-day-memory.js';
import { webhooks } from './webhooks.js';
import { tvWall } from './tv-wall.js';
import { replicaAck } from './replica-ack.js';

const STEPS = ['ingest', 'webhooks', 'fanout', 'tv', 'memory', 'durability'] as const;
const args = process.argv.slice(2);
const chosen = args.filter((a) => !a.startsWith('--'));
const unknown = chosen.filter((a) => !(STEPS as readonly string[]).includes(a));
if (unknown.length) {
  console.error(`unknown step(s) ${unknown.join(', ')}; steps: ${STEPS.join(', ')}`);
  process.exit(2);
}
const run = (s: (typeof STEPS)[number]) => chosen.length === 0 || chosen.includes(s);
const option = (name: string) => args.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);

/** `--fanout=1000:500,1000;100:100`: clients:rates groups instead of the default plan */
const FANOUT: FanoutPlan[] = option('fanout')
  ?.split(';')
  .map((g) => {
    const [clients, rates] = g.split(':');
    return { clients: Number(clients), rates: (rates ?? '500').split(',').map(Number) };
  }) ?? [
  // issue 19: 100 / 1,000 / 2,000 / 5,000 screens × 100 / 500 / 1,000 events/s, and 5,000 events/s (≈ 500× a real centre) as a stress
  { clients: 100, rates: [100, 500, 1000, 5000] },
  { clients: 1000, rates: [100, 500, 1000, 5000] },
  { clients: 2000, rates: [100, 500, 1000] },
  { clients: 5000, rates: [100, 500, 1000] },
];
const senders = Number(option('senders') ?? 4);
const stepMs = Number(option('step-ms') ?? 6000);
/** what-if: the fan-out server's OBZOR_PUSH_INTERVAL_MS (default: the server's own default) */
const pushInterval = option('push-interval');
/** `--ws-compression=on`: the screens' WebSockets deflated (OBZOR_WS_COMPRESSION) */
const compression = option('ws-compression');

const started = Date.now();
const log = (s: string) => console.error(`[${((Date.now() - started) / 1000).toFixed(0).padStart(3)} s] ${s}`);
const env = newBenchEnv();
const redis = new Redis(REDIS_URL, { connectionName: 'obzor-bench' });
const results: BenchResults = { startedAt: new Date(started).toISOString(), machine: await machineInfo(redis), keyPrefix: env.prefix };

async function cleanUp(): Promise<void> {
  results.deletedKeys = await deleteKeys(redis, env.prefix);
  redis.disconnect();
}

process.once('SIGINT', () => {
  log('interrupted: deleting the bench keys');
  void cleanUp().finally(() => process.exit(130));
});

let failed = false;
try {
  log(`key prefix ${env.prefix}`);
  if (run('ingest')) results.ingest = await ingestCeiling(env, { calls: 5000, senders, rounds: 3, nodes: Number(option('ingest-nodes') ?? 1), profile: args.includes('--profile'), log });
  if (run('webhooks')) results.webhooks = await webhooks(env, { connections: 10, durationMs: 8000, log });
  if (run('fanout')) results.fanout = await fanout(env, FANOUT, { stepMs, drainMs: 1500, profile: args.includes('--profile'), serverEnv: { ...(pushInterval ? { OBZOR_PUSH_INTERVAL_MS: pushInterval } : {}), ...(compression ? { OBZOR_WS_COMPRESSION: compression } : {}) }, log });
  if (run('tv')) results.tvWall = await tvWall(env, { durationMs: 15_000, eventsPerSec: 100, log });
  if (run('memory')) results.siteDay = await siteDayMemory(env, log);
  if (run('durability')) results.durability = await replicaAck(env, { log });
} catch (e) {
  failed = true;
  console.error(e);
} finally {
  await cleanUp();
}
results.durationSec = Math.round((Date.now() - started) / 1000);
results.targets = targetsOf(results);
writeResults(results);
console.log(markdown(results));
log(`done in ${results.durationSec} s; final sweep deleted ${results.deletedKeys} leftover bench keys; results in ${RESULTS_FILE}`);
process.exit(failed ? 1 : 0);
