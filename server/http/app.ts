/** The Express app: middleware order and routes; the services come in from server/obzor-server.ts. */
import express, { type Express, type RequestHandler, type Router } from 'express';
import helmet from 'helmet';
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { Logger } from 'pino';
import type { TrustProxy } from '../config.js';
import { errorHandler } from './error-handler.js';

export interface AppParts {
  log: Logger;
  /** OBZOR_TRUST_PROXY: only these peers may name the client (req.ip, login limits) and the protocol (Secure cookies) */
  trustProxy: TrustProxy;
  sessionMiddleware: RequestHandler;
  resolvePrincipal: RequestHandler;
  /** routes that authenticate themselves (ingest: source keys/HMAC) — mounted before sessions */
  ingestRouters: Router[];
  /** routes behind the session/display-token principal; each declares its own permission */
  apiRouters: Router[];
  /** login/logout/me */
  authRouter: Router;
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
  for (const r of parts.ingestRouters) app.use(r);

  app.use(['/api', '/metrics'], express.json({ limit: '100kb' }), parts.sessionMiddleware, parts.resolvePrincipal);
  app.use(parts.authRouter);
  for (const r of parts.apiRouters) app.use(r);
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
