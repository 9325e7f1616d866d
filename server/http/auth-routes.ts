/** Login, logout and "who am I" for browser sessions. */
import { Router } from 'express';
import type { RateLimiterRedis } from 'rate-limiter-flexible';
import { LoginRequest, type Me } from '../../shared/roles.js';
import { formatIssues } from '../../shared/validation-error.js';
import { principalOf, requireCsrf } from '../auth/http-auth.js';
import { newSecret } from '../auth/secret-tokens.js';
import type { UserStore } from '../auth/user-store.js';
import type { Logger } from 'pino';

export function authRouter(users: UserStore, loginLimiter: RateLimiterRedis, log: Logger): Router {
  const r = Router();
  r.post('/api/v1/auth/login', async (req, res) => {
    const parsed = LoginRequest.safeParse(req.body);
    if (!parsed.success) return void res.status(400).json({ error: formatIssues(parsed.error.issues, req.body) });
    const { login, password } = parsed.data;
    // brute force: failures count per login and address, shared by all nodes
    const limitKey = `${login}_${req.ip}`;
    const spent = await loginLimiter.get(limitKey);
    if (spent && spent.remainingPoints <= 0) {
      res.set('Retry-After', String(Math.ceil(spent.msBeforeNext / 1000)));
      return void res.status(429).json({ error: 'too many failed logins; try again later' });
    }
    const user = await users.authenticate(login, password);
    if (!user) {
      await loginLimiter.penalty(limitKey, 1);
      log.info({ login }, 'login failed');
      return void res.status(401).json({ error: 'wrong login or password' });
    }
    await loginLimiter.delete(limitKey);
    // a fresh session id at login: a planted cookie cannot ride into an authenticated session
    await new Promise<void>((resolve, reject) => req.session.regenerate((e) => (e ? reject(e as Error) : resolve())));
    req.session.user = { login: user.login, role: user.role, sites: user.sites };
    req.session.csrf = newSecret();
    log.info({ login, role: user.role }, 'login');
    const me: Me = { login: user.login, role: user.role, sites: user.sites, csrfToken: req.session.csrf };
    res.json(me);
  });

  r.post('/api/v1/auth/logout', requireCsrf(), (req, res) => {
    if (!req.session) return void res.status(204).end();
    req.session.destroy(() => res.clearCookie('obzor.sid').status(204).end());
  });

  r.get('/api/v1/auth/me', (req, res) => {
    const p = principalOf(res);
    if (!p) return void res.status(401).json({ error: 'authentication required' });
    const me: Me = p.kind === 'user' ? { login: p.login, role: p.role, sites: p.sites, ...(req.session?.csrf ? { csrfToken: req.session.csrf } : {}) } : { login: `display:${p.name}`, role: 'wall', sites: p.sites };
    res.set('Cache-Control', 'no-store').json(me);
  });
  return r;
}
