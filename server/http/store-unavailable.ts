import type { Response } from 'express';

export const RETRY_AFTER_SECONDS = 5;

/** 503 + Retry-After: the contract promises that nothing of the request was applied. */
export function storeUnavailable(res: Response): void {
  res.set('Retry-After', String(RETRY_AFTER_SECONDS)).status(503).json({ error: 'store unavailable; nothing was applied, retry later' });
}

const CONNECTION_ERROR = /writeable|Connection is closed|ECONNREFUSED|ECONNRESET|MaxRetriesPerRequest|Reached the max retries/i;

/**
 * Whether a failed request failed because Redis is away (say, the session load or the login
 * limiter could not reach it): such a request is answered 503 + Retry-After, never 500.
 */
export function isStoreOutage(err: unknown, storeUp: boolean): boolean {
  if (!storeUp) return true;
  const e = err as { name?: unknown; message?: unknown } | null;
  return !!e && (e.name === 'StoreUnavailableError' || e.name === 'MaxRetriesPerRequestError' || (typeof e.message === 'string' && CONNECTION_ERROR.test(e.message)));
}
