/**
 * THE defaults of a site's norms (docs/service-standard.md; docs/kpis.md, "The sites file"):
 * the sites file (server/domain/sites.ts) lays a site's own values over these, and every
 * snapshot carries the site's resulting norms and time zone, so screens judge with those and
 * never restate a default. No zod here: the client imports it (for the instant before the
 * first snapshot, when there is no site to take them from).
 */
export const NORM_DEFAULTS = {
  /** N1: one ring = 1 s tone + 4 s pause on Russian PSTN */
  ringSeconds: 5,
  /** N1: answer no later than after the 3rd ring */
  ringsToAnswer: 3,
  /** industry practice: callers who hang up this fast are not counted as abandoned */
  shortAbandonSeconds: 5,
  /** N10: answering-machine reply deadlines in working days */
  replyByPhoneWorkingDays: 5,
  replyByAddressWorkingDays: 30,
  /** N2: average time to connect the client with a specialist */
  connectTargetSeconds: 40,
  /** N3: average time to provide the information, a band */
  handleMinSeconds: 300,
  handleMaxSeconds: 600,
  /** N4: an answer needing longer preparation than this becomes a callback promise */
  callbackPromiseSeconds: 120,
  /** service level: a call counts as answered in time when answered this soon after entering the queue (80/20 practice) */
  serviceLevelSeconds: 20,
  /**
   * After-call work (wrap-up) longer than this asks for a supervisor's look on the operator board.
   * No norm of docs/service-standard.md sets it: a configurable default (`norms.wrapUpMaxSeconds`
   * in the sites file), 60 s being common contact-centre practice for a simple call's notes.
   */
  wrapUpMaxSeconds: 60,
  /** N13: an escalation nobody acknowledged this long re-alerts the managers and turns the wall red */
  conflictAckSeconds: 300,
  /**
   * Issue 16: a lost caller (abandoned, not a short abandon) is called back within this many
   * minutes of callback-window time (N11): abandoned while the window is closed, the clock starts
   * at its next opening. Not a norm of the standard: the utility's own target, 2 h by default.
   */
  lostCallTargetMinutes: 120,
  /** N11: return calls are made daily 09:00–17:30, local time of the site */
  callbackWindow: { hours: '09:00-17:30', days: 'daily' },
} as const;

/** the central office's zone: a site's "today", hours and deadlines unless the sites file says otherwise */
export const DEFAULT_TIME_ZONE = 'Asia/Sakhalin';
