/**
 * Drafts → contract events, for both Asterisk mappers: a mapper decides what happened (the
 * event's type and fields, its moment, a suffix telling apart the events of one source
 * message); this turns each draft into an event with its stable id, ISO time, site and source
 * order, checked against the shared schema, so a mapping mistake is reported, never stored.
 */
import { ObzorEvent } from '../../../shared/events.js';
import { formatIssues } from '../../../shared/validation-error.js';
import { stableEventId, type IdPrefix } from './event-ids.js';

/** an event as a mapper decides it: everything but what `buildEvents` adds */
export type Draft = { [K in ObzorEvent['type']]: Omit<Extract<ObzorEvent, { type: K }>, 'id' | 'at' | 'site'> }[ObzorEvent['type']];

export interface Drafted {
  /** tells apart the events of one source message in their ids */
  suffix: string;
  atMs: number;
  draft: Draft;
}

/** the message the drafts come from */
export interface DraftSource {
  prefix: IdPrefix;
  site: string;
  /** what identifies the message (a queue_log line's text, an AMI message's fields): the same key, the same ids */
  key: readonly string[];
  /** each draft's moment is part of its id too (AMI ids were made so; changing it would change every id) */
  timeInId?: boolean;
  /** the message's place in its feed (line number, arrival number): events of one millisecond fold in this order */
  sourceSeq?: number;
}

export type BuiltEvents = { ok: true; events: ObzorEvent[] } | { ok: false; type: ObzorEvent['type']; issues: string };

/** all the drafts as events, or the first one the contract rejects (and none) */
export function buildEvents(source: DraftSource, drafts: readonly Drafted[]): BuiltEvents {
  const events: ObzorEvent[] = [];
  for (const d of drafts) {
    const parts = [source.site, ...source.key, ...(source.timeInId ? [String(d.atMs)] : [])];
    const candidate = { id: stableEventId(source.prefix, parts, d.suffix), at: new Date(d.atMs).toISOString(), site: source.site, ...(source.sourceSeq !== undefined ? { sourceSeq: source.sourceSeq } : {}), ...d.draft };
    const parsed = ObzorEvent.safeParse(candidate);
    if (!parsed.success) return { ok: false, type: d.draft.type, issues: formatIssues(parsed.error.issues, candidate) };
    events.push(parsed.data);
  }
  return { ok: true, events };
}
