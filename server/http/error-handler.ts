/**
 * The one place where a failure becomes a status code: a body that cannot be read is the
 * sender's (4xx, server/http/body-errors.ts); a route's Problem (problems.ts) is its kind's status; the store away is "retry" (503 + Retry-After) whatever shape its error
 * has — the session load, the principal, the login limiter, a route's read; anything else is ours (500).
 */
import type { ErrorRequestHandler } from 'express';
import type { Logger } from 'pino';
import { isStoreUnavailable } from '../store/store-errors.js';
import { bodyErrorAnswer } from './body-errors.js';
import { Problem, STATUS_OF } from './problems.js';
import { storeUnavailable } from './store-unavailable.js';

export function errorHandler(log: Logger, storeAvailable: () => boolean = () => true): ErrorRequestHandler {
  return (err: Error & { type?: string; status?: number }, req, res, _next) => {
    // unreadable bodies (not JSON, too large, unknown or corrupt Content-Encoding) are the sender's doing
    const answer = bodyErrorAnswer(err, req);
    if (answer && !res.headersSent) return void res.status(answer.status).json({ error: answer.error });
    if (err instanceof Problem && !res.headersSent) return void res.status(STATUS_OF[err.kind]).json({ error: err.message });
    if (res.headersSent) {
      log.warn({ err: err.message }, 'request failed after its answer was sent');
      return void res.end();
    }
    if (isStoreUnavailable(err) || !storeAvailable()) return void storeUnavailable(res);
    log.error({ err }, 'request failed');
    res.status(500).json({ error: 'internal error' });
  };
}
