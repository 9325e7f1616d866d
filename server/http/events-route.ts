/** POST /api/v1/events — the transport of events-v1 (README, "API"). */
import express, { type RequestHandler } from 'express';
import { MAX_BATCH } from '../../shared/events.js';
import { markApplied, type IngestAuth } from '../auth/ingest-auth.js';
import { isStoreUnavailable } from '../store/store-errors.js';
import { storeUnavailable } from './store-unavailable.js';
import { checkContentEncoding } from './body-errors.js';
import { ApiRouter } from './api-router.js';
import type { RouteModule } from './http-deps.js';

/**
 * The `source` access (shared/api.ts): credentials are checked from the headers before any body
 * is read (an anonymous sender cannot make the server hold its upload); the body is then read
 * raw — an HMAC signature covers the exact bytes — and nothing from an unauthenticated sender is
 * parsed. The route's handler gets the raw body.
 */
export function sourceAccess(authenticate: IngestAuth, bodyLimit: string): RequestHandler[] {
  // a body over the limit is answered 413 by the app's error handler (body-errors.ts)
  return [checkContentEncoding, authenticate.headers, express.raw({ limit: bodyLimit, type: () => true }), authenticate.signature];
}

export const eventsRoutes: RouteModule<'ingest' | 'log' | 'guards'> = ({ ingest, log, guards }) => {
  const r = new ApiRouter('/api/v1/events', guards);
  r.serve('events', async (req, res) => {
    let body: unknown;
    try {
      body = JSON.parse(Buffer.isBuffer(req.body) ? req.body.toString('utf8') : '');
    } catch (e) {
      return void res.status(400).json({ error: `body is not JSON: ${(e as Error).message}` });
    }
    if (body === null || typeof body !== 'object') {
      return void res.status(400).json({ error: `body: expected an event object or an array of events, got ${body === null ? 'null' : typeof body}` });
    }
    const items = Array.isArray(body) ? body : [body];
    if (items.length > MAX_BATCH) {
      return void res.status(413).json({ error: `body: expected at most ${MAX_BATCH} events, got ${items.length}` });
    }
    try {
      const results = await ingest.ingest(items, { source: res.locals.source as string | undefined });
      // applied: a signed request sent again is a replay now (and would only find duplicates)
      await markApplied(res).catch((e: Error) => log.warn({ err: e.message }, 'could not remember an applied signature'));
      res.json({ results });
    } catch (e) {
      if (!isStoreUnavailable(e)) throw e;
      log.warn({ err: (e as Error).message }, 'ingest refused: store unavailable');
      // events are applied one entity at a time: some of this batch may already be in, and a
      // resend is safe because each event id is applied once (docs/events-v1.md, "Retries")
      storeUnavailable(res, 'store unavailable; resend the whole request after Retry-After: events already applied answer "duplicate"');
    }
  });
  return r;
};
