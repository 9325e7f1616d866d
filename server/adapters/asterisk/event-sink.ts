/**
 * Where adapters deliver events: in production the ingest service (the same validation,
 * dedupe and folding as HTTP senders), in tests an array. A sink resolves once the events
 * are durable; only then do adapters move their saved position forward.
 */
import { MAX_BATCH, type ObzorEvent } from '../../../shared/events.js';

export type EventSink = (events: ObzorEvent[]) => Promise<void>;

/** a batch size within the contract's limit of 1000 events per request */
export function batchSizeOf(requested: number | undefined, fallback = 500): number {
  const n = Math.floor(requested ?? fallback);
  return Math.min(MAX_BATCH, Math.max(1, Number.isFinite(n) ? n : fallback));
}
