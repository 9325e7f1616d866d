/**
 * Authenticates an ingest request as one source — an API key (`Authorization: Bearer` or
 * `X-Api-Key`) or an HMAC signature over the raw body — and applies the source's rate limit,
 * counted in Redis so all nodes share it.
 */
import type { RequestHandler } from 'express';
import type { RateLimiterRedis } from 'rate-limiter-flexible';
import { RateLimiterRes } from 'rate-limiter-flexible';
import { storeUnavailable } from '../http/store-unavailable.js';
import { checkSignature } from './hmac-signature.js';
import { bearerToken } from './http-auth.js';
import type { SourceCredentials } from './source-credentials.js';

/** Remembers a signature for the whole window, so a captured request is refused if replayed. */
export type ReplayGuard = (signature: string) => Promise<boolean>;

export function authenticateSource(sources: SourceCredentials, limiter: RateLimiterRedis, firstUse: ReplayGuard, storeUp: () => boolean, clock: () => number = Date.now): RequestHandler {
  return async (req, res, next) => {
    try {
      let source: string | null = null;
      const key = bearerToken(req) ?? req.get('x-api-key');
      const signed = req.get('x-obzor-signature');
      if (key) {
        source = await sources.sourceOfKey(key);
        if (!source) return void res.status(401).json({ error: 'API key not recognised' });
      } else if (signed) {
        const name = req.get('x-obzor-source') ?? '';
        const secret = name ? await sources.hmacSecret(name) : null;
        if (!secret) return void res.status(401).json({ error: 'X-Obzor-Signature: not valid for this source' });
        const raw = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
        const check = checkSignature(secret, req.get('x-obzor-timestamp'), signed, raw, clock());
        if (!check.ok) return void res.status(401).json({ error: check.reason });
        if (!(await firstUse(signed))) return void res.status(401).json({ error: 'X-Obzor-Signature: already used (replayed request)' });
        source = name;
      } else {
        return void res.status(401).json({ error: 'credentials required: Authorization: Bearer <API key>, X-Api-Key, or an HMAC signature' });
      }
      try {
        await limiter.consume(source);
      } catch (e) {
        if (!(e instanceof RateLimiterRes)) throw e;
        res.set('Retry-After', String(Math.ceil(e.msBeforeNext / 1000)));
        return void res.status(429).json({ error: `source ${source}: rate limit exceeded; nothing was applied` });
      }
      res.locals.source = source;
      next();
    } catch (e) {
      // credentials and limits live in Redis: while it is down the answer is "retry", not 500
      if (!storeUp()) return void storeUnavailable(res);
      next(e);
    }
  };
}
