/** The edge of ingest: raw JSON → a typed event, or a message naming what is wrong. */
import { ObzorEvent } from '../../shared/events.js';
import { atWindow, dueWindow, timeOutside } from '../../shared/event-times.js';
import { describeValue, formatIssues } from '../../shared/validation-error.js';

export type Validated = { ok: true; event: ObzorEvent } | { ok: false; id: string; error: string };

export interface ValidationContext {
  knownSites: ReadonlySet<string>;
  now: number;
  /** how far back `at` may lie (shared/event-times.ts atWindow) */
  horizonMs: number;
  /** who sent it, from its credentials */
  source?: string | undefined;
}

/** the source name of the managers' console: the only sender of their actions */
export const CONSOLE_SOURCE = 'console';

/**
 * A manager's actions in the console (N13) carry a manager's login as actor; a sender with an
 * API key must not be able to write them in a manager's name. `conflict.resolved` is v1 and
 * may come from any sender (a CRM closing the case): its actor then is the sender itself.
 */
const CONSOLE_ONLY: ReadonlySet<string> = new Set(['conflict.acknowledged', 'conflict.noted', 'conflict.reassigned']);
export const sourceActor = (source: string) => `source:${source}`;

export function rawId(raw: unknown): string {
  const id = raw && typeof raw === 'object' ? (raw as { id?: unknown }).id : undefined;
  return typeof id === 'string' ? id.slice(0, 128) : '';
}

/** Never throws: whatever goes wrong with one event is that event's rejection. */
export function validateEvent(raw: unknown, ctx: ValidationContext): Validated {
  try {
    return validate(raw, ctx);
  } catch (e) {
    return { ok: false, id: rawId(raw), error: `(event): could not be checked: ${(e as Error).message}` };
  }
}

function validate(raw: unknown, ctx: ValidationContext): Validated {
  const id = rawId(raw);
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    return { ok: false, id, error: `(event): expected object, got ${describeValue(raw)}` };
  }
  // the sender's identity comes from its credentials, never from the body; set before parsing
  // so the stored event has the same key order as when the log is replayed
  const { source: _claimed, ...rest } = raw as Record<string, unknown>;
  const fromConsole = ctx.source === CONSOLE_SOURCE;
  if (!fromConsole && typeof rest.type === 'string' && CONSOLE_ONLY.has(rest.type)) {
    return { ok: false, id, error: `type: expected an event a sender may post, got ${JSON.stringify(rest.type)} (a manager's action, recorded by the console only)` };
  }
  // a CRM or an outage system may open, note and close incidents: in its own name, never a manager's
  if (!fromConsole && (rest.type === 'conflict.resolved' || (typeof rest.type === 'string' && rest.type.startsWith('incident.')))) rest.actor = sourceActor(ctx.source ?? 'unknown');
  const parsed = ObzorEvent.safeParse(ctx.source ? { ...rest, source: ctx.source } : rest);
  if (!parsed.success) return { ok: false, id, error: formatIssues(parsed.error.issues, rest, '(event)') };
  const event = parsed.data;
  if (!ctx.knownSites.has(event.site)) {
    return { ok: false, id, error: `site: expected one of ${[...ctx.knownSites].join(', ')}, got ${describeValue(event.site)}` };
  }
  const badTime = timeOutside('at', event.at, atWindow(ctx.now, ctx.horizonMs)) ?? ('dueAt' in event && event.dueAt !== undefined ? timeOutside('dueAt', event.dueAt, dueWindow(ctx.now)) : null);
  if (badTime) return { ok: false, id, error: badTime };
  return { ok: true, event };
}
