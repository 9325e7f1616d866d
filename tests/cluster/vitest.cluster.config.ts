import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

/**
 * `npm run test:cluster` (issue 18): the failover tests on a real Redis Cluster and a real Sentinel
 * set (tests/cluster/*.cluster.ts), and the ingest, push and conflict suites of `npm test` again, on
 * a 3 + 3 Cluster this run starts (cluster-setup.ts). Skipped, saying why, without redis-server.
 */
export default defineConfig({
  resolve: { alias: { '@shared': fileURLToPath(new URL('../../shared', import.meta.url)) } },
  test: {
    include: ['tests/cluster/**/*.cluster.ts', 'tests/integration/ingest.test.ts', 'tests/integration/realtime.test.ts', 'tests/integration/conflicts.test.ts'],
    globalSetup: ['tests/cluster/cluster-setup.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // the failover tests kill nodes: one file at a time
    fileParallelism: false,
  },
});
