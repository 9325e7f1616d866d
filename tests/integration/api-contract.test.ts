/**
 * Issue 15: the HTTP contract lives in shared/api.ts — every route the app serves is in it and
 * nothing else, each router is mounted at its prefix, and every route is behind the access the
 * contract gives it (no route is open by default).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API, apiPath, type ApiRoute } from '../../shared/api.js';
import { listRoutes } from '../helpers/list-routes.js';
import { startTestApp, type TestApp } from '../helpers/start-app.js';

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(async () => {
  await app?.close();
});

const names = Object.keys(API) as ApiRoute[];
/** a path of the route with every parameter filled in */
const pathOf = (name: ApiRoute) => API[name].path.replace(/:(\w+)/g, 'x');

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

  it('refuses an anonymous caller on every route but the way in', async () => {
    const answers = await Promise.all(
      names.map(async (name) => {
        const { method, access } = API[name];
        const res = await fetch(`${app.url}${pathOf(name)}`, { method, ...(method === 'GET' ? {} : { headers: { 'content-type': 'application/json' }, body: '{}' }) });
        return { name, access, status: res.status };
      }),
    );
    for (const a of answers) {
      if (a.access === 'anyone') expect(a, 'login answers the attempt itself').toMatchObject({ status: 400 });
      else expect(a, `${a.name} (${a.access})`).toMatchObject({ status: 401 });
    }
  });

  it('builds paths with their parameters encoded', () => {
    expect(apiPath('conflict', { site: 'okha', conflictId: 'a/b c' })).toBe('/api/v1/conflicts/okha/a%2Fb%20c');
    expect(apiPath('snapshot')).toBe('/api/v1/snapshot');
  });
});
