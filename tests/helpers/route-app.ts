/**
 * One router of the app on a real HTTP server of its own, mounted at its prefix as the app does,
 * with the caller's principal taken from the test header `x-test-role` (none: anonymous).
 */
import express from 'express';
import type { AddressInfo } from 'node:net';
import { pino } from 'pino';
import type { Role } from '../../shared/roles.js';
import type { Principal } from '../../server/auth/principal.js';
import type { ApiRouter } from '../../server/http/api-router.js';
import { errorHandler } from '../../server/http/error-handler.js';

export interface RouteApp {
  base: string;
  close(): Promise<void>;
}

export async function serveRouter(r: ApiRouter, sitesOf: () => string[]): Promise<RouteApp> {
  const app = express();
  app.use((req, res, next) => {
    const role = req.get('x-test-role') as Role | undefined;
    if (role) res.locals.principal = { kind: 'user', login: `test-${role}`, role, sites: sitesOf() } satisfies Principal;
    next();
  });
  app.use(r.prefix, r.router);
  app.use(errorHandler(pino({ level: 'silent' })));
  const server = app.listen(0, '127.0.0.1');
  await new Promise((done) => server.once('listening', done));
  return {
    base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise<void>((done) => server.close(() => done())),
  };
}
