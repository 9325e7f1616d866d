/** The edge of ingest: raw JSON → a typed event, or a message naming what is wrong. */
import { MAX_FUTURE_SKEW_MS, ObzorEvent } from '../../shared/events.js';
import { describeValue, formatIssues } from '../../shared/validation-error.js';

export type Validated = { ok: true; event: ObzorEvent } | { ok: false; id: string; error: string };

export function rawId(raw: unknown): string {
  const id = raw && typeof raw === 'object' ? (raw as { id?: unknown }).id : undefined;
  return typeof id === 'string' ? id.slice(0, 128) : '';
}

export function validateEvent(raw: unknown, knownSites: ReadonlySet<string>, now: number, source?: string): Validated {
  const id = rawId(raw);
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    return { ok: false, id, error: `(event): expected object, got ${describeValue(raw)}` };
  }
  // the sender's identity comes from its credentials, never from the body; set before parsing
  // so the stored event has the same key order as when the log is replayed
  const { source: _claimed, ...rest } = raw as Record<string, unknown>;
  const parsed = ObzorEvent.safeParse(source ? { ...rest, source } : rest);
  if (!parsed.success) return { ok: false, id, error: formatIssues(parsed.error.issues, rest) };
  const event = parsed.data;
  if (!knownSites.has(event.site)) {
    return { ok: false, id, error: `site: expected one of ${[...knownSites].join(', ')}, got ${describeValue(event.site)}` };
  }
  if (Date.parse(event.at) > now + MAX_FUTURE_SKEW_MS) {
    return { ok: false, id, error: `at: expected a time no more than 5 min in the future, got ${JSON.stringify(event.at)}` };
  }
  return { ok: true, event };
}
