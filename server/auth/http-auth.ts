/**
 * Who is asking, for every HTTP route but login, health and static assets: a wall's display
 * token (`Authorization: Bearer …`) or a browser session. Roles decide the rest.
 */
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { can, type Permission } from '../../shared/roles.js';
import type { DisplayTokenStore } from './display-tokens.js';
import type { Principal } from './principal.js';
import { constantTimeEqual } from './secret-tokens.js';
import type { UserStore } from './user-store.js';

export function principalOf(res: Response): Principal | undefined {
  return res.locals.principal as Principal | undefined;
}

export function bearerToken(req: Request): string | undefined {
  const h = req.get('authorization');
  return h?.startsWith('Bearer ') ? h.slice(7).trim() : undefined;
}

export function resolvePrincipal(displays: DisplayTokenStore, users: UserStore): RequestHandler {
  return async (req, res, next) => {
    try {
      const token = bearerToken(req);
      if (token) {
        const d = await displays.verify(token);
        if (d) res.locals.principal = { kind: 'display', tokenId: d.id, name: d.name, role: 'wall', sites: d.sites } satisfies Principal;
      } else if (req.session?.user) {
        // a deleted user loses access at the next request, not when the cookie expires
        const u = await users.get(req.session.user.login);
        if (u) res.locals.principal = { kind: 'user', login: u.login, role: u.role, sites: u.sites } satisfies Principal;
      }
      next();
    } catch (e) {
      next(e);
    }
  };
}

export function requirePermission(permission: Permission): RequestHandler {
  return (_req: Request, res: Response, next: NextFunction) => {
    const p = principalOf(res);
    if (!p) return void res.status(401).json({ error: 'authentication required' });
    if (!can(p.role, permission)) return void res.status(403).json({ error: `role ${p.role} may not ${permission}` });
    next();
  };
}

const SAFE = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Synchroniser token for cookie-authenticated changes: a page of another origin can make the
 * browser send our cookie, but cannot read the token to echo it.
 */
export function requireCsrf(): RequestHandler {
  return (req, res, next) => {
    if (SAFE.has(req.method) || bearerToken(req)) return next();
    const expected = req.session?.csrf;
    const got = req.get('x-csrf-token');
    if (!expected || !got || !constantTimeEqual(expected, got)) return void res.status(403).json({ error: 'x-csrf-token: missing or wrong (GET /api/v1/auth/me gives it)' });
    next();
  };
}
