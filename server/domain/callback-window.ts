/**
 * N11: return calls are made daily 09:00–17:30 local time. A callback that falls due outside
 * the window waits for the window to open and is shown as waiting, not as overdue: it only
 * becomes overdue once window time has passed since it fell due.
 */
import { DateTime } from 'luxon';
import type { CallbackWindow } from '../../shared/site-settings.js';
import { callbackState } from '../../shared/deadline-states.js';
import type { CallbackLive } from '../../shared/snapshot.js';
import { WeeklyHours, type Hours } from '../../shared/site-settings.js';
import { nextOpenAtOrAfter, nextOpenIn, openStateAt, timeline, type OpenState } from './site-hours.js';

export { CallbackWindow, DEFAULT_CALLBACK_WINDOW } from '../../shared/site-settings.js';

const HOURS_OF = new WeakMap<CallbackWindow, Hours>();

export function windowHours(w: CallbackWindow): Hours {
  let h = HOURS_OF.get(w);
  if (!h) HOURS_OF.set(w, (h = hoursOfWindow(w)));
  return h;
}

function hoursOfWindow(w: CallbackWindow): Hours {
  if (w.days === 'working') return WeeklyHours.parse({ mon: w.hours, tue: w.hours, wed: w.hours, thu: w.hours, fri: w.hours, calendar: 'production' });
  return WeeklyHours.parse({ mon: w.hours, tue: w.hours, wed: w.hours, thu: w.hours, fri: w.hours, sat: w.hours, sun: w.hours, calendar: 'weekly' });
}

export function callbackWindowState(w: CallbackWindow, now: number, timeZone: string): OpenState {
  return openStateAt(windowHours(w), now, timeZone);
}

/**
 * When a callback due at `dueAt` counts as due for N11: `dueAt` itself if the window is open
 * then, else the next opening of the window. Undefined only for a window that never opens.
 */
export function windowDueAt(w: CallbackWindow, dueAt: number, timeZone: string): number | undefined {
  return nextOpenAtOrAfter(windowHours(w), dueAt, timeZone);
}

/**
 * Classifies live callbacks at `now` (adds `windowDueAt` and `state`). The window's intervals
 * around `now` are laid out once, so a backlog of thousands costs a binary search each.
 */
export function callbackClassifier(w: CallbackWindow, now: number, timeZone: string): (cb: CallbackLive) => CallbackLive {
  const days = 86_400_000;
  const t = timeline(windowHours(w), timeZone, now - 14 * days, now + 21 * days);
  const endOfToday = DateTime.fromMillis(now, { zone: timeZone }).endOf('day').toMillis();
  return (cb) => {
    const inside = cb.dueAt >= t.from && cb.dueAt < t.to ? nextOpenIn(t, cb.dueAt) : undefined;
    const effective = inside ?? windowDueAt(w, cb.dueAt, timeZone);
    return { ...cb, ...(effective !== undefined ? { windowDueAt: effective } : {}), state: callbackState(cb.dueAt, effective, now, endOfToday) };
  };
}

/** One live callback with its N11 due time and its state at `now`. */
export function classifyCallback(cb: CallbackLive, w: CallbackWindow, now: number, timeZone: string): CallbackLive {
  return callbackClassifier(w, now, timeZone)(cb);
}
