/**
 * Authenticates an ingest request as one source — an API key (`Authorization: Bearer` or
 * `X-Api-Key`) or an HMAC signature over the raw body — and applies the source's rate limit,
 * counted in Redis so all nodes share it.
 *
 * Credentials come before the body (docs/security.md, "What an unauthenticated request may
 * send"): an API key is resolved from the headers and a request without known credentials is
 * refused before any of its body is read; a signed request's timestamp, source and replay are
 * checked from the headers too, and only then is its body read (with the normal limit) to verify
 * the signature over it.
 */
import type { Request, RequestHandler, Response } from 'express';
import type { RateLimiterRedis } from 'rate-limiter-flexible';
import { RateLimiterRes } from 'rate-limiter-flexible';
import { refuseUnread } from '../http/body-errors.js';
import { storeUnavailable } from '../http/store-unavailable.js';
import { checkSignature, checkTimestamp, SIGNATURE_NOT_VALID } from './hmac-signature.js';
import { isStoreUnavailable } from '../store/store-errors.js';
import { bearerToken } from './http-auth.js';
import type { SourceCredentials } from './source-credentials.js';

/**
 * Remembers the signatures of applied requests for the whole window: a captured request is
 * refused if replayed, while one that was refused or never answered may be sent again.
 */
export interface ReplayGuard {
  used(signature: string): Promise<boolean>;
  markApplied(signature: string): Promise<void>;
}

export interface IngestAuth {
  /** from the headers alone, before the body is read */
  headers: RequestHandler;
  /** after the body is read: a signed request's signature over it, and its rate limit */
  signature: RequestHandler;
}

/**
 * What a signed request whose source has no HMAC secret may send before it is refused: its body is
 * read (and dropped) up to this much, like a known source's would be, so the answer does not tell
 * which sources exist.
 */
export const UNKNOWN_SOURCE_BODY_LIMIT = 64 * 1024;

interface Signed {
  name: string;
  secret: string;
  signature: string;
}

/** Called by the route once the request was applied: from then on, its signature is a replay. */
export async function markApplied(res: Response): Promise<void> {
  const mark = res.locals.markApplied as (() => Promise<void>) | undefined;
  await mark?.();
}

/** Reads and drops at most `max` bytes of the body; true when the whole body came within that. */
function discardBody(req: Request, max: number): Promise<boolean> {
  return new Promise((resolve) => {
    let seen = 0;
    const done = (whole: boolean) => {
      req.off('data', onData).off('end', onEnd).off('close', onClose);
      if (!whole) req.pause();
      resolve(whole);
    };
    const onData = (chunk: Buffer) => {
      seen += chunk.length;
      if (seen > max) done(false);
    };
    const onEnd = () => done(true);
    const onClose = () => done(false);
    req.on('data', onData).once('end', onEnd).once('close', onClose);
  });
}


export function authenticateSource(sources: SourceCredentials, limiter: RateLimiterRedis, replays: ReplayGuard, storeUp: () => boolean, clock: () => number = Date.now): IngestAuth {
  /** false: answered 429 */
  async function withinRate(source: string, res: Response, bodyRead: boolean): Promise<boolean> {
    try {
      await limiter.consume(source);
      return true;
    } catch (e) {
      if (!(e instanceof RateLimiterRes)) throw e;
      res.set('Retry-After', String(Math.ceil(e.msBeforeNext / 1000)));
      const error = `source ${source}: rate limit exceeded; nothing was applied`;
      if (bodyRead) res.status(429).json({ error });
      else refuseUnread(res, 429, error);
      return false;
    }
  }

  // credentials and limits live in Redis: while it is down the answer is "retry", not 500
  const orUnavailable =
    (handler: RequestHandler): RequestHandler =>
    async (req, res, next) => {
      try {
        await handler(req, res, next);
      } catch (e) {
        // a connection closing may still read "ready" for a moment: its errors count as the store away
        if (!storeUp() || isStoreUnavailable(e)) return void storeUnavailable(res.set('Connection', 'close'));
        next(e);
      }
    };

  const headers: RequestHandler = async (req, res, next) => {
    const key = bearerToken(req) ?? req.get('x-api-key');
    const signed = req.get('x-obzor-signature');
    if (key) {
      const source = await sources.sourceOfKey(key);
      if (!source) return refuseUnread(res, 401, 'API key not recognised');
      if (!(await withinRate(source, res, false))) return;
      res.locals.source = source;
      return next();
    }
    if (!signed) return refuseUnread(res, 401, 'credentials required: Authorization: Bearer <API key>, X-Api-Key, or an HMAC signature');
    const window = checkTimestamp(req.get('x-obzor-timestamp'), clock());
    if (!window.ok) return refuseUnread(res, 401, window.reason);
    const name = req.get('x-obzor-source') ?? '';
    const secret = name ? await sources.hmacSecret(name) : null;
    if (!secret) {
      const error = SIGNATURE_NOT_VALID;
      if (await discardBody(req, UNKNOWN_SOURCE_BODY_LIMIT)) return void res.status(401).json({ error });
      return refuseUnread(res, 401, error);
    }
    if (await replays.used(signed)) return refuseUnread(res, 401, 'X-Obzor-Signature: already used (replayed request)');
    res.locals.signed = { name, secret, signature: signed } satisfies Signed;
    next();
  };

  const signature: RequestHandler = async (req, res, next) => {
    const signed = res.locals.signed as Signed | undefined;
    if (!signed) return next();
    const raw = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
    const check = checkSignature(signed.secret, req.get('x-obzor-timestamp'), signed.signature, raw, clock());
    if (!check.ok) return void res.status(401).json({ error: check.reason });
    if (!(await withinRate(signed.name, res, true))) return;
    res.locals.source = signed.name;
    res.locals.markApplied = () => replays.markApplied(signed.signature);
    next();
  };

  return { headers: orUnavailable(headers), signature: orUnavailable(signature) };
}
