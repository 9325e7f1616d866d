/** The Express app: middleware order and routes; the services come in from server/obzor-server.ts. */
import express, { type Express, type RequestHandler } from 'express';
import helmet from 'helmet';
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { Logger } from 'pino';
import { API } from '../../shared/api.js';
import type { TrustProxy } from '../config.js';
import type { ApiRouter } from './api-router.js';
import { errorHandler } from './error-handler.js';

export interface AppParts {
  log: Logger;
  /** OBZOR_TRUST_PROXY: only these peers may name the client (req.ip, login limits) and the protocol (Secure cookies) */
  trustProxy: TrustProxy;
  sessionMiddleware: RequestHandler;
  resolvePrincipal: RequestHandler;
  /**
   * Every route, each router mounted at its prefix. Routers of `source` routes (ingest: keys or
   * HMAC over the raw body) come before the JSON parser and sessions; the rest after them, with
   * the principal resolved, and each route behind the access the contract gives it.
   */
  routers: ApiRouter[];
  /** false while Redis is unreachable: a request that fails then is answered 503, not 500 */
  storeAvailable: () => boolean;
  readiness: () => Promise<{ ready: boolean; detail: Record<string, unknown> }>;
  clientDist?: string;
  /**
   * Is the deployment on HTTPS (OBZOR_COOKIE_SECURE): `on` yes, `off` no, `auto` when the request
   * came over HTTPS (directly or from a trusted proxy). Only then does the CSP ask the browser to
   * upgrade to https — on a plain-HTTP intranet host that upgrade would leave the wall empty.
   */
  https: 'auto' | 'on' | 'off';
}

/** helmet's headers; the kiosk is opened by URL, never framed (CSP and X-Frame-Options agree) */
function securityHeaders(upgradeToHttps: boolean): RequestHandler {
  return helmet({
    contentSecurityPolicy: {
      directives: {
        'connect-src': ["'self'"],
        'img-src': ["'self'", 'data:'],
        'style-src': ["'self'", "'unsafe-inline'"],
        'frame-ancestors': ["'none'"],
        'upgrade-insecure-requests': upgradeToHttps ? [] : null,
      },
    },
    frameguard: { action: 'deny' },
  });
}

export function createApp(parts: AppParts): Express {
  const app = express();
  app.disable('x-powered-by');
  // trusting a range (say, the LAN) would let anyone in it choose their address with X-Forwarded-For
  app.set('trust proxy', parts.trustProxy);
  const [overHttps, overHttp] = [securityHeaders(true), securityHeaders(false)];
  app.use((req, res, next) => ((parts.https === 'on' || (parts.https === 'auto' && req.secure) ? overHttps : overHttp)(req, res, next)));
  app.get('/healthz', (_req, res) => void res.json({ status: 'ok' }));
  app.get('/readyz', async (_req, res) => {
    const r = await parts.readiness();
    res.status(r.ready ? 200 : 503).json({ status: r.ready ? 'ready' : 'not ready', ...r.detail });
  });
  const bySource = (r: ApiRouter) => r.served.every((name) => API[name].access === 'source');
  for (const r of parts.routers.filter(bySource)) app.use(r.prefix, r.router);

  app.use(['/api', '/metrics'], express.json({ limit: '100kb' }), parts.sessionMiddleware, parts.resolvePrincipal);
  for (const r of parts.routers.filter((r) => !bySource(r))) app.use(r.prefix, r.router);
  app.use('/api', (_req, res) => void res.status(404).json({ error: 'no such API route' }));

  if (parts.clientDist && existsSync(parts.clientDist)) {
    app.use(express.static(parts.clientDist, { index: false, maxAge: '1h' }));
    // a single-page app: every other GET is its index (which holds no data)
    app.get(/^\/(?!api\/|socket\.io\/).*/, (_req, res) => {
      res.set('Cache-Control', 'no-cache').sendFile(path.join(parts.clientDist!, 'index.html'));
    });
  }
  app.use(errorHandler(parts.log, parts.storeAvailable));
  return app;
}
