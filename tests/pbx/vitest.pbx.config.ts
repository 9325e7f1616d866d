import { defineConfig } from 'vitest/config';

/** `npm run test:pbx`: the real Asterisk test, apart from `npm test` (tests/pbx/*.pbx.ts) */
export default defineConfig({
  test: {
    include: ['tests/pbx/**/*.pbx.ts'],
    // a private redis-server when none answers on 127.0.0.1:6379, as for `npm test`
    globalSetup: ['tests/helpers/test-redis.ts'],
    // the first run builds Asterisk (3–5 min on 2 cores); every step waits for PBX events
    testTimeout: 5 * 60_000,
    hookTimeout: 30 * 60_000,
    pool: 'forks',
    fileParallelism: false,
  },
});
