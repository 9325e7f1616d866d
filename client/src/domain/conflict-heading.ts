/**
 * Words for one conflict on the console: a heading that says something — «Конфликт: Холмск,
 * 19:45, оператор op-3» (the site, when it was raised in the site's zone, who raised it)
 * instead of a raw id — and the stamps of its timeline to the second. Pure: the caller
 * translates the key.
 */
import { formatShortDateTime, formatShortDateTimeSeconds, formatHourMinute, formatTimeOfDay } from '../format/clock.js';
import { isSameLocalDay } from './local-day.js';

export interface HeadingText {
  key: 'console.heading.full' | 'console.heading.noAgent';
  params: { site: string; time: string; agent?: string };
}

export interface HeadingFacts {
  agentId?: string | undefined;
  raisedAt?: number | undefined;
}

/**
 * `time` is HH:MM in the site's zone; a conflict raised on another day than `now` (site-local)
 * gets its date too ("30.11 19:45"), so yesterday's 19:45 is not read as today's.
 */
export function conflictHeading(c: HeadingFacts, siteName: string, timeZone: string, now: number): HeadingText {
  const time = c.raisedAt === undefined ? '—' : isSameLocalDay(c.raisedAt, now, timeZone) ? formatHourMinute(c.raisedAt, timeZone) : formatShortDateTime(c.raisedAt, timeZone);
  return c.agentId ? { key: 'console.heading.full', params: { site: siteName, time, agent: c.agentId } } : { key: 'console.heading.noAgent', params: { site: siteName, time } };
}

/** A timeline entry's time: HH:MM:SS in the site's zone, with the date when not today's ("30.11 19:45:07"). */
export function timelineStamp(at: number, timeZone: string, now: number): string {
  return isSameLocalDay(at, now, timeZone) ? formatTimeOfDay(at, timeZone) : formatShortDateTimeSeconds(at, timeZone);
}
