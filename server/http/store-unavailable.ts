import type { Response } from 'express';

export const RETRY_AFTER_SECONDS = 5;

/** 503 + Retry-After: the contract promises that nothing of the request was applied. */
export function storeUnavailable(res: Response): void {
  res.set('Retry-After', String(RETRY_AFTER_SECONDS)).status(503).json({ error: 'store unavailable; nothing was applied, retry later' });
}
