/**
 * Adapters hand their events to the same ingest path as HTTP senders, in-process. The sink
 * resolves only when the events are durable, and throws while the store is down so the adapter
 * keeps its position and retries (at-least-once + ids from the line = exactly once).
 */
import type { Logger } from 'pino';
import type { ObzorEvent } from '../../shared/events.js';
import type { EventSink } from '../adapters/asterisk/event-sink.js';
import type { IngestOptions, IngestService } from '../ingest/ingest-service.js';

/** `archive`: an import of old files, whose events may lie before the history horizon */
export function ingestSink(ingest: IngestService, source: string, log: Logger, opts: Pick<IngestOptions, 'archive'> = {}): EventSink {
  return async (events: ObzorEvent[]) => {
    for (let i = 0; i < events.length; i += 1000) {
      const results = await ingest.ingest(events.slice(i, i + 1000), { source, ...opts });
      for (const r of results) if (r.status === 'rejected') log.warn({ source, id: r.id, error: r.error }, 'feed event rejected');
    }
  };
}
