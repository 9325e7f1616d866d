/** Prometheus metrics (prom-client), fed by the services' events; served at GET /metrics. */
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { IngestResult, ObzorEvent } from '../../shared/events.js';

export class Metrics {
  readonly registry = new Registry();
  readonly events = new Counter({ name: 'obzor_events_total', help: 'Events by type, source and result', labelNames: ['type', 'source', 'status'] as const, registers: [this.registry] });
  readonly ingestSeconds = new Histogram({ name: 'obzor_ingest_seconds', help: 'Time to validate and apply one ingest request', buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5], registers: [this.registry] });
  readonly pushSeconds = new Histogram({ name: 'obzor_push_seconds', help: 'Time to build and broadcast one coalesced update round', buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1], registers: [this.registry] });
  readonly clients = new Gauge({ name: 'obzor_connected_clients', help: 'Socket.IO clients connected to this node, by role', labelNames: ['role'] as const, registers: [this.registry] });
  readonly feedLag = new Gauge({ name: 'obzor_feed_lag_seconds', help: "How long after its newest event's own time a source's last batch arrived", labelNames: ['source'] as const, registers: [this.registry] });
  readonly stateEntriesSkipped = new Counter({ name: 'obzor_state_entries_skipped_total', help: 'Live entries left out of a site state because they cannot be computed (each read counts)', labelNames: ['site'] as const, registers: [this.registry] });
  readonly stateBadEntries = new Gauge({ name: 'obzor_state_bad_entries', help: 'Live entries left out of the last state read of a site', labelNames: ['site'] as const, registers: [this.registry] });
  readonly stateSiteFailures = new Counter({ name: 'obzor_state_site_failures_total', help: 'Reads in which a site state could not be built at all (the other sites still went out)', labelNames: ['site'] as const, registers: [this.registry] });
  readonly storePersistent = new Gauge({ name: 'obzor_store_persistent', help: 'Whether Redis keeps its data on disk (AOF or RDB): 0 means a Redis restart loses credentials and state', registers: [this.registry] });
  /** what lean push saves: updates sent as patches vs whole states, and their bytes (before the socket's framing) */
  readonly updatesSent = new Counter({ name: 'obzor_updates_sent_total', help: 'Site updates broadcast to a room, by kind (patch or full state)', labelNames: ['kind'] as const, registers: [this.registry] });
  readonly updateBytes = new Counter({ name: 'obzor_update_bytes_total', help: 'JSON bytes of the site updates broadcast to a room, by kind', labelNames: ['kind'] as const, registers: [this.registry] });
  readonly refused = new Counter({ name: 'obzor_limit_refusals_total', help: 'Connections, sockets and requests refused or dropped by a transport limit', labelNames: ['limit'] as const, registers: [this.registry] });
  readonly redisErrors = new Counter({ name: 'obzor_redis_errors_total', help: 'Redis connection errors seen by this node', registers: [this.registry] });
  readonly feedUnmapped = new Counter({ name: 'obzor_feed_unmapped_total', help: 'Events or lines an Asterisk feed received but could not place (a call it cannot find, a malformed line)', labelNames: ['source'] as const, registers: [this.registry] });
  readonly feedGaps = new Counter({ name: 'obzor_feed_gaps_total', help: 'Times an Asterisk feed (or Obzor) was away and the PBX was not heard', labelNames: ['source'] as const, registers: [this.registry] });
  readonly feedReconciled = new Counter({ name: 'obzor_feed_reconciled_total', help: 'Calls closed (reconciled) or adopted when a feed made Obzor equal to its PBX', labelNames: ['source', 'action'] as const, registers: [this.registry] });

  constructor() {
    collectDefaultMetrics({ register: this.registry, prefix: 'obzor_' });
  }

  /** counts one request's results; rejected events have no trusted type, so they count as "invalid" */
  recordIngest(items: readonly unknown[], results: readonly IngestResult[], source: string | undefined, seconds: number): void {
    this.ingestSeconds.observe(seconds);
    results.forEach((r, i) => {
      const raw = items[i] as Partial<ObzorEvent> | undefined;
      const type = r.status === 'rejected' ? 'invalid' : String(raw?.type ?? 'unknown');
      this.events.inc({ type, source: source ?? 'unknown', status: r.status });
    });
  }
}
