/** `npm run rebuild`: recompute all state and counters from the event log (stop ingest first). */
import { loadConfig } from '../config.js';
import { Keys } from '../store/keys.js';
import { rebuildFromLog } from '../store/rebuild.js';
import { connectRedis, createRedis } from '../store/redis-client.js';

const config = loadConfig();
const redis = createRedis(config.redisUrl, 'obzor-rebuild');
await connectRedis(redis);
const started = Date.now();
const reports = await rebuildFromLog(redis, new Keys(config.keyPrefix), config.sites, config);
for (const r of reports) console.log(`${r.site}: ${r.events} events replayed${r.skipped ? `, ${r.skipped} unreadable entries skipped` : ''}`);
console.log(`rebuilt in ${Date.now() - started} ms`);
await redis.quit();
