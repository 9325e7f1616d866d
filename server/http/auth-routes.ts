/** Login, logout and "who am I" for browser sessions. */
import { RateLimiterRes } from 'rate-limiter-flexible';
import { LoginRequest, type Me } from '../../shared/auth-api.js';
import { displayActor } from '../../shared/roles.js';
import { formatIssues } from '../../shared/validation-error.js';
import { principalOf } from '../auth/http-auth.js';
import { PasswordPoolBusyError } from '../auth/password-pool.js';
import { newSecret } from '../auth/secret-tokens.js';
import { ApiRouter } from './api-router.js';
import type { RouteModule } from './http-deps.js';
import { invalid } from './problems.js';

export const authRoutes: RouteModule<'users' | 'loginLimiter' | 'log' | 'guards'> = (deps) => {
  const r = new ApiRouter('/api/v1/auth', deps.guards);
  const { users, loginLimiter, log } = deps;
  r.serve('login', async (req, res) => {
    const parsed = LoginRequest.safeParse(req.body);
    if (!parsed.success) throw invalid(formatIssues(parsed.error.issues, req.body));
    const { login, password } = parsed.data;
    // brute force: attempts count per login and address, shared by all nodes. The point is taken
    // BEFORE the password check (consume is atomic in Redis), so parallel guesses cannot all pass
    // a "not yet over the limit" check; a success gives the failures back.
    const limitKey = `${login}_${req.ip}`;
    try {
      await loginLimiter.consume(limitKey);
    } catch (e) {
      if (!(e instanceof RateLimiterRes)) throw e;
      res.set('Retry-After', String(Math.max(1, Math.ceil(e.msBeforeNext / 1000))));
      return void res.status(429).json({ error: 'too many failed logins; try again later' });
    }
    let user;
    try {
      user = await users.authenticate(login, password);
    } catch (e) {
      if (!(e instanceof PasswordPoolBusyError)) throw e;
      // not checked, so not counted: the password pool's queue is full (a flood of logins)
      await loginLimiter.reward(limitKey, 1);
      res.set('Retry-After', '1');
      return void res.status(503).json({ error: 'too many logins at once; retry in a moment' });
    }
    if (!user) {
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

  r.serve('logout', (req, res, next) => {
    // a display token has no session to end
    if (!req.session) return void res.status(204).end();
    // a session that could not be ended is not reported as ended
    req.session.destroy((e?: Error) => (e ? next(e) : res.clearCookie('obzor.sid').status(204).end()));
  });

  r.serve('me', (req, res) => {
    const p = principalOf(res)!;
    const me: Me = p.kind === 'user' ? { login: p.login, role: p.role, sites: p.sites, ...(req.session?.csrf ? { csrfToken: req.session.csrf } : {}) } : { login: displayActor(p.name), role: 'wall', sites: p.sites };
    res.set('Cache-Control', 'no-store').json(me);
  });
  return r;
};
