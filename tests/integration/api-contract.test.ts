/** Issue 15: the HTTP contract lives in shared/api.ts — every route the app serves is in it, and nothing else. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API, apiPath } from '../../shared/api.js';
import { listRoutes } from '../helpers/list-routes.js';
import { startTestApp, type TestApp } from '../helpers/start-app.js';

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(async () => {
  await app?.close();
});

describe('the HTTP contract', () => {
  it('names every route the app serves (health checks and the single-page fallback aside)', () => {
    const served = listRoutes(app.app)
      .filter((r) => !r.path.startsWith('/^') && r.path !== '/healthz' && r.path !== '/readyz')
      .map((r) => `${r.method} ${r.path}`)
      .sort();
    const contract = Object.values(API)
      .map((r) => `${r.method} ${r.path}`)
      .sort();
    expect(served).toEqual(contract);
  });

  it('builds paths with their parameters encoded', () => {
    expect(apiPath('conflict', { site: 'okha', conflictId: 'a/b c' })).toBe('/api/v1/conflicts/okha/a%2Fb%20c');
    expect(apiPath('snapshot')).toBe('/api/v1/snapshot');
  });
});
