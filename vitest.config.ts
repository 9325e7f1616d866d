import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  // the client's `@shared` alias (client/vite.config.ts), for the client rules the tests import
  resolve: { alias: { '@shared': fileURLToPath(new URL('./shared', import.meta.url)) } },
  test: {
    include: ['tests/**/*.test.ts'],
    globalSetup: ['tests/helpers/global-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // most of the suite waits on sockets, Redis and Chromium rather than computing: three files at
    // a time on 2 cores took the run from 205 s to 128 s, and stayed green
    maxWorkers: 3,
  },
});
