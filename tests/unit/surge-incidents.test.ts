import { describe, expect, it } from 'vitest';
import { queueSurge, SURGE_WINDOW_MIN } from '../../server/domain/staffing/queue-surge.js';
import { thresholdsInStorm, stormActive } from '../../server/domain/storm-profile.js';
import { deriveIncident, incidentFacts } from '../../server/domain/incident-fold.js';
import { decideIncidentAction, decideIncidentOpen } from '../../server/domain/incident-commands.js';
import type { IncidentEvent, ObzorEvent } from '../../shared/events.js';

const MIN = 60_000;
const NOW = Date.parse('2026-12-01T05:00:30Z');
const thisMinute = Math.floor(NOW / MIN) * MIN;

/** `perMin` calls in each of the `minutes` minutes before and including the current one */
function arrivals(perMin: (minutesAgo: number) => number, minutes = 80): Map<number, number> {
  const m = new Map<number, number>();
  for (let k = 0; k < minutes; k++) m.set(thisMinute - k * MIN, perMin(k));
  return m;
}

describe('the surge verdict of a queue', () => {
  it('counts the last 5 and 10 minutes to the minute and compares them with the history for the same span', () => {
    let asked: [number, number] | undefined;
    const s = queueSurge({
      arrivals: arrivals(() => 3),
      now: NOW,
      expectedFromHistory: (from, to) => {
        asked = [from, to];
        return 9.5 * 1; // one call a minute usually
      },
      earlierHourUsable: true,
    })!;
    // the history is asked for each window; this one says 9.5 whatever the span, so only the 10 minutes fire
    expect(asked).toEqual([thisMinute - (SURGE_WINDOW_MIN - 1) * MIN, NOW]);
    expect(s).toMatchObject({ observed: 30, expected: 9.5, ratio: 3.2, baseline: 'history', surge: true, windowMin: 10 });
  });

  it('does not fire at the usual rate, nor on a small queue going from 1 to 4 calls', () => {
    expect(queueSurge({ arrivals: arrivals(() => 1), now: NOW, expectedFromHistory: () => 9.5, earlierHourUsable: true })!.surge).toBe(false);
    const small = arrivals((k) => (k === 0 || k === 3 || k === 5 || k === 7 ? 1 : 0));
    expect(queueSurge({ arrivals: small, now: NOW, expectedFromHistory: () => 1, earlierHourUsable: true })!.surge).toBe(false);
  });

  it('without history, takes the hour before the window — only when that hour can serve', () => {
    const step = arrivals((k) => (k < 6 ? 4 : 1));
    const s = queueSurge({ arrivals: step, now: NOW, earlierHourUsable: true })!;
    // both windows fire; the stronger is shown: the last 5 minutes, 20 calls against 4.7 at the hour before's rate
    expect(s).toMatchObject({ baseline: 'earlier-today', windowMin: 5, observed: 20, surge: true });
    expect(s.expected).toBeCloseTo((63 / 60) * 4.5, 1);
    expect(queueSurge({ arrivals: step, now: NOW, earlierHourUsable: false })).toBeUndefined();
    // a queue first heard of within the last 70 minutes has no quiet hour before it: no verdict
    expect(queueSurge({ arrivals: arrivals((k) => (k < 6 ? 4 : 1), 70), now: NOW, earlierHourUsable: true })).toBeUndefined();
  });
});

describe('the storm profile', () => {
  it('applies only with an incident open and a profile set', () => {
    expect(stormActive(undefined, 2)).toBe(false);
    expect(stormActive({}, 0)).toBe(false);
    expect(stormActive({}, 1)).toBe(true);
  });
  it('replaces the everyday limits KPI by KPI and field by field', () => {
    const out = thresholdsInStorm({ answeredIn3Rings: { warnBelow: 0.95, alertBelow: 0.9 }, connectAvg: { warnAbove: 40 } }, { answeredIn3Rings: { warnBelow: 0.7 } });
    expect(out).toEqual({ answeredIn3Rings: { warnBelow: 0.7, alertBelow: 0.9 }, connectAvg: { warnAbove: 40 } });
  });
});

const at = (min: number) => new Date(Date.parse('2026-12-01T05:00:00Z') + min * MIN).toISOString();
const opened: IncidentEvent = { id: 'e1', at: at(0), site: 'okha', type: 'incident.opened', incidentId: 'i1', kind: 'outage', title: 'отключение в Корсакове, ТП-12', actor: 'ivanova' };
const note = (id: string, min: number, text: string): IncidentEvent => ({ id, at: at(min), site: 'okha', type: 'incident.noted', incidentId: 'i1', note: text, actor: 'petrov' });
const closed: IncidentEvent = { id: 'e9', at: at(30), site: 'okha', type: 'incident.closed', incidentId: 'i1', actor: 'ivanova' };

describe('an incident', () => {
  it('is shown while open with its newest note first, whatever order its events came in', () => {
    const events = [note('n2', 10, 'до 18:00'), opened, note('n1', 5, 'бригада выехала')];
    const d = deriveIncident(events);
    expect(d.closed).toBe(false);
    const live = JSON.parse(d.live['incidents|i1']!);
    expect(live).toMatchObject({ incidentId: 'i1', kind: 'outage', title: 'отключение в Корсакове, ТП-12', openedBy: 'ivanova', updatedAt: Date.parse(at(10)) });
    expect(live.notes.map((n: { note: string }) => n.note)).toEqual(['до 18:00', 'бригада выехала']);
    expect(deriveIncident([...events].reverse())).toEqual(d);
  });
  it('leaves the screens when closed, and a note before its opening waits for it', () => {
    expect(deriveIncident([opened, closed])).toEqual({ counters: {}, live: {}, closed: true });
    expect(deriveIncident([note('n1', 5, 'x')]).live).toEqual({});
    expect(incidentFacts([opened, closed]).closedBy).toBe('ivanova');
  });
  it('takes a note or a close only while open, and opens once', () => {
    const c = { site: 'okha', incidentId: 'i1', actor: 'petrov', eventId: 'x', now: Date.parse(at(40)) };
    expect(decideIncidentAction(undefined, { action: 'close' }, c)).toMatchObject({ reason: 'not_found' });
    expect(decideIncidentAction([opened, closed] as ObzorEvent[], { action: 'note', note: 'x' }, c)).toMatchObject({ reason: 'closed' });
    expect(decideIncidentAction([opened] as ObzorEvent[], { action: 'note', note: 'x' }, c)).toMatchObject({ type: 'incident.noted', note: 'x', actor: 'petrov' });
    expect(decideIncidentOpen([opened] as ObzorEvent[], { kind: 'other', title: 't' }, c)).toMatchObject({ reason: 'exists' });
  });
});
