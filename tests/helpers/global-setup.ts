// A Redis for the run (tests/helpers/test-redis.ts), and the built client the browser tests need,
// both ready before any test file runs.
// @ts-expect-error plain .mjs script without types
import { ensureClientBuild } from '../../scripts/ensure-client-build.mjs';
import { ensureTestRedis } from './test-redis.js';

export default async function setup(): Promise<() => Promise<void>> {
  const stopRedis = await ensureTestRedis();
  // for a quick run of server-only tests while the client is being worked on
  if (process.env.OBZOR_SKIP_CLIENT_BUILD !== '1') {
    try {
      (ensureClientBuild as () => boolean)();
    } catch (e) {
      await stopRedis();
      throw e;
    }
  }
  return stopRedis;
}
