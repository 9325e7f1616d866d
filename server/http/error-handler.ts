/**
 * The one place where a failure becomes a status code: a body that is not JSON or too large is
 * the sender's (400/413); the store away is "retry" (503 + Retry-After) whatever shape its error
 * has — the session load, the principal, the login limiter, a route's read; anything else is ours (500).
 */
import type { ErrorRequestHandler } from 'express';
import type { Logger } from 'pino';
import { isStoreUnavailable } from '../store/store-errors.js';
import { storeUnavailable } from './store-unavailable.js';

export function errorHandler(log: Logger, storeAvailable: () => boolean = () => true): ErrorRequestHandler {
  return (err: Error & { type?: string; status?: number }, _req, res, _next) => {
    if (err.type === 'entity.parse.failed') return void res.status(400).json({ error: `body is not JSON: ${err.message}` });
    if (err.type === 'entity.too.large') return void res.status(413).json({ error: 'body too large' });
    if (res.headersSent) {
      log.warn({ err: err.message }, 'request failed after its answer was sent');
      return void res.end();
    }
    if (isStoreUnavailable(err) || !storeAvailable()) return void storeUnavailable(res);
    log.error({ err }, 'request failed');
    res.status(500).json({ error: 'internal error' });
  };
}
