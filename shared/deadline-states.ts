/**
 * Where an open callback (N4/N11) or appeal (N10) stands against its deadline at `now`: the
 * partition of the backlogs. The server classifies every snapshot with it
 * (server/domain/site-state.ts) and the wall re-partitions between updates with the same
 * functions, so a callback or appeal moves from "due today" to "overdue" on screen on time.
 * `endOfToday` is the last millisecond of the site-local day of `now`. No zod here: the client imports it.
 */

/**
 * - `overdue`: window time has passed since it fell due (N4 promise broken);
 * - `waiting_window`: it fell due while the callback window was closed and the window has not
 *   opened since (N11), or its window due time is unknown (a window that never opens): waiting, not idle staff;
 * - `due_today`: not yet due, due before the end of the site-local day;
 * - `later`: due on a later day.
 */
export const CALLBACK_STATES = ['overdue', 'waiting_window', 'due_today', 'later'] as const;
export type CallbackState = (typeof CALLBACK_STATES)[number];

/** `windowDueAt`: when it counts as due for N11 (`dueAt`, or the next opening of the window) */
export function callbackState(dueAt: number, windowDueAt: number | undefined, now: number, endOfToday: number): CallbackState {
  if (dueAt <= now) return windowDueAt !== undefined && windowDueAt <= now ? 'overdue' : 'waiting_window';
  return dueAt <= endOfToday ? 'due_today' : 'later';
}

/** N10: past its deadline, due by the end of the site-local day, or later. */
export const APPEAL_DUE_STATES = ['overdue', 'due_today', 'later'] as const;
export type AppealDueState = (typeof APPEAL_DUE_STATES)[number];

export function appealDueState(dueAt: number, now: number, endOfToday: number): AppealDueState {
  if (dueAt < now) return 'overdue';
  return dueAt <= endOfToday ? 'due_today' : 'later';
}
