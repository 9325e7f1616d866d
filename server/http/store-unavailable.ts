import type { Response } from 'express';

export const RETRY_AFTER_SECONDS = 5;

/**
 * 503 + Retry-After: the store (Redis) is away or busy; ask again. Any route's store failure
 * comes here through the app's error handler (server/http/app.ts); ingest says more (events-route).
 */
export function storeUnavailable(res: Response, error = 'store unavailable; retry later'): void {
  if (res.headersSent) return void res.end();
  res.set('Retry-After', String(RETRY_AFTER_SECONDS)).status(503).json({ error });
}

