/**
 * Issue 16, "lost calls to call back": the rules a screen needs besides the server — how long an
 * entry stays, how many unanswered attempts close it, and where it stands against its target.
 * The server classifies every snapshot with `lostCallState` (server/domain/lost-call-due.ts);
 * the wall ticks ages between updates. No zod here: the client imports it.
 */

/** `not_reached` attempts after which an entry closes as not reached (a caller who never answers does not stay forever) */
export const LOST_CALL_MAX_ATTEMPTS = 3;

/**
 * An entry nobody handled leaves the list this long after the abandon and counts as not called
 * back (reports: `lostCalls` − the closed ones). It is within the event-id memory
 * (`OBZOR_DEDUPE_DAYS` ≥ 7), so the call's record is still there if it is handled on the last day.
 */
export const LOST_CALL_KEEP_MS = 7 * 86_400_000;

/** the last quarter of the target is "due soon" */
export const LOST_CALL_DUE_SOON_SHARE = 0.25;

/**
 * - `overdue`: the target time has passed;
 * - `due_soon`: within the last quarter of the target (wall-clock time to the due time);
 * - `ok`: otherwise (also while the N11 window is closed and the target has not started).
 */
export const LOST_CALL_STATES = ['overdue', 'due_soon', 'ok'] as const;
export type LostCallState = (typeof LOST_CALL_STATES)[number];

export function lostCallState(dueAt: number | undefined, targetMs: number, now: number): LostCallState {
  if (dueAt === undefined) return 'ok';
  if (dueAt <= now) return 'overdue';
  return dueAt - now <= targetMs * LOST_CALL_DUE_SOON_SHARE ? 'due_soon' : 'ok';
}

/** the worst of several states: the wall's one status */
export function worstLostCallState(states: Iterable<LostCallState>): LostCallState {
  let worst: LostCallState = 'ok';
  for (const s of states) if (LOST_CALL_STATES.indexOf(s) < LOST_CALL_STATES.indexOf(worst)) worst = s;
  return worst;
}
