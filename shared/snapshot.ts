/**
 * What the dashboard shows: the shape of GET /api/v1/snapshot and of every socket update.
 * Times are epoch milliseconds (numbers) so the client can tick ages locally without
 * parsing; `serverTime` lets it correct for clock skew.
 */
import { z } from 'zod';
import { APPEAL_DUE_STATES, CALLBACK_STATES } from './deadline-states.js';
import { LOST_CALL_STATES } from './lost-calls.js';
import { AgentState, AppealChannel, ClientData, ClientType, Line, Severity } from './events.js';
import { COUNTERS, TOTALS_FIELDS, type TotalsField } from './counters.js';
import { Kpis, QueueKpis } from './kpi.js';

export const WaitingCall = z.object({
  callId: z.string(),
  queue: z.string(),
  line: Line.optional(),
  state: z.enum(['waiting', 'ringing']),
  /** when the caller entered the queue (or our first sight of the call) */
  since: z.number(),
  /** N1: when the operator's phone started ringing, if it is ringing */
  ringStart: z.number().optional(),
  agentId: z.string().optional(),
  /** N8/N15: the call came in while its line (hotline or the unit's direct lines) was closed */
  outsideHours: z.boolean().optional(),
});
export type WaitingCall = z.infer<typeof WaitingCall>;

export const AgentLive = z.object({
  agentId: z.string(),
  state: AgentState,
  since: z.number(),
  queues: z.array(z.string()).optional(),
  /** the sites file's `agentNames`, else the latest name the PBX gave; staff's personal data: never on walls (server/realtime/view-for.ts) */
  name: z.string().optional(),
  /** why they are paused, when the PBX says (state `paused` only) */
  reason: z.string().optional(),
});
export type AgentLive = z.infer<typeof AgentLive>;

export const AgentToday = z.object({ agentId: z.string(), answered: z.number(), missed: z.number() });
export type AgentToday = z.infer<typeof AgentToday>;

export const CallbackLive = z.object({
  /** `call:<callId>` (N4 promise) or `appeal:<appealId>` (N10/N11 return call) */
  ref: z.string(),
  kind: z.enum(['call', 'appeal']),
  dueAt: z.number(),
  queue: z.string().optional(),
  /** N11: when it counts as due: `dueAt`, or the next opening of the callback window if that is closed then */
  windowDueAt: z.number().optional(),
  /** at the snapshot's time: overdue | waiting for the window (N11) | due later today | later */
  state: z.enum(CALLBACK_STATES).optional(),
});
export type CallbackLive = z.infer<typeof CallbackLive>;

/**
 * Issue 16: a lost caller to call back — an abandoned call that waited at least the site's
 * `shortAbandonSeconds`, open until a `call.lost_called_back` closes it (docs/kpis.md, "Lost calls").
 */
export const LostCallLive = z.object({
  callId: z.string(),
  queue: z.string(),
  abandonedAt: z.number(),
  /** seconds the caller waited before hanging up */
  waitedSec: z.number(),
  /** `not_reached` attempts so far */
  attempts: z.number(),
  /** the caller's number / account (N6: personal data, stripped for walls and the duty view by server/realtime/view-for.ts) */
  client: ClientData.pick({ phone: true, account: true }).optional(),
  /** the target: `norms.lostCallTargetMinutes` of callback-window time (N11) from the abandon */
  dueAt: z.number().optional(),
  /** at the snapshot's time (shared/lost-calls.ts) */
  state: z.enum(LOST_CALL_STATES).optional(),
  /** the caller got through on a later call at this time (seen within 24 h; a hint for the console, the entry stays until marked) */
  servedAgainAt: z.number().optional(),
});
export type LostCallLive = z.infer<typeof LostCallLive>;

/** Issue 16: a caller who called 2+ times within 24 hours (server/domain/repeat-callers.ts); the console's list only (N6) */
export const RepeatCaller = z.object({
  calls: z.number(),
  firstAt: z.number(),
  lastAt: z.number(),
  queues: z.array(z.string()),
  callIds: z.array(z.string()),
  client: ClientData.pick({ phone: true, account: true }),
});
export type RepeatCaller = z.infer<typeof RepeatCaller>;

export const AppealLive = z.object({
  appealId: z.string(),
  channel: AppealChannel,
  clientType: ClientType,
  registeredAt: z.number(),
  dueAt: z.number(),
  /** N10 at the snapshot's time: past `dueAt`, due before the end of the site-local day, or later */
  state: z.enum(APPEAL_DUE_STATES).optional(),
});
export type AppealLive = z.infer<typeof AppealLive>;

export const ConflictLive = z.object({
  conflictId: z.string(),
  agentId: z.string(),
  severity: Severity,
  raisedAt: z.number(),
  /** time of its latest event (a note too) */
  updatedAt: z.number(),
  escalatedAt: z.number().optional(),
  acknowledgedAt: z.number().optional(),
  owner: z.string().optional(),
  callId: z.string().optional(),
  appealId: z.string().optional(),
  /** may quote the client: personal data, stripped for walls */
  summary: z.string().optional(),
  client: ClientData.optional(),
});
export type ConflictLive = z.infer<typeof ConflictLive>;

/** Issue 16: an open incident of the site (server/domain/incident-fold.ts): a surge of calls, an outage */
export const IncidentLive = z.object({
  incidentId: z.string(),
  kind: z.enum(['surge', 'outage', 'other']),
  title: z.string(),
  /** the queue it concerns; none: the whole site */
  queue: z.string().optional(),
  /** a surge: calls of the window ÷ the expected when it was opened, and the window in minutes */
  ratio: z.number().optional(),
  windowMin: z.number().optional(),
  openedAt: z.number(),
  /** who opened it (a login, `source:<name>`, `obzor` for the surge alarm); not sent to walls */
  openedBy: z.string().optional(),
  /** the managers' notes, newest first (the wall shows the newest) */
  notes: z.array(z.object({ at: z.number(), note: z.string(), by: z.string().optional() })),
  updatedAt: z.number(),
});
export type IncidentLive = z.infer<typeof IncidentLive>;

/** Issue 16: a queue's arrivals of the last minutes against what this weekday and time usually bring (server/domain/staffing/queue-surge.ts) */
export const QueueSurge = z.object({
  /** calls that entered the queue in the window */
  observed: z.number(),
  /** what the baseline expected in it */
  expected: z.number(),
  /** observed ÷ expected (the expected floored, see docs/kpis.md "Surge") */
  ratio: z.number(),
  windowMin: z.number(),
  /** where the expected came from: the same weekday's history, or (none yet) the hour before the window */
  baseline: z.enum(['history', 'earlier-today']),
  /** the test fired: a surge has begun */
  surge: z.boolean(),
});
export type QueueSurge = z.infer<typeof QueueSurge>;

export const SiteHoursNow = z.object({
  /** N15: working hours (direct lines) */
  open: z.boolean(),
  nextChangeAt: z.number().optional(),
  /** N8: the hotline; the central office's runs 24/7 */
  hotlineOpen: z.boolean(),
  hotlineNextChangeAt: z.number().optional(),
  hotline24x7: z.boolean(),
  /** N11: the callback window */
  callbackWindowOpen: z.boolean(),
  callbackWindowNextChangeAt: z.number().optional(),
});
export type SiteHoursNow = z.infer<typeof SiteHoursNow>;

export const RingingPast3 = z.object({
  callId: z.string(),
  queue: z.string(),
  agentId: z.string().optional(),
  ringStart: z.number(),
  /** ringStart + ring limit: when it went past 3 rings */
  pastLimitAt: z.number(),
});
export type RingingPast3 = z.infer<typeof RingingPast3>;

/**
 * Today's (site-local day) running totals, the raw material of the KPIs: one field per counter
 * of the counter table (shared/counters.ts, where each is explained); those added with the KPIs
 * are optional for readers of older servers (the server always sends them).
 */
const totalsShape = {} as Record<TotalsField, z.ZodNumber | z.ZodOptional<z.ZodNumber>>;
for (const f of TOTALS_FIELDS) totalsShape[f] = COUNTERS[f].totals === 'kpis' ? z.number().optional() : z.number();
export const DayTotals = z.object(totalsShape as { [F in TotalsField]: (typeof COUNTERS)[F]['totals'] extends 'kpis' ? z.ZodOptional<z.ZodNumber> : z.ZodNumber });
export type DayTotals = z.infer<typeof DayTotals>;

/** Issue 16: what the queue needs now and what a caller joining now can expect (server/domain/staffing/queue-foresight.ts; docs/kpis.md, "Foresight") */
export const QueueForesight = z.object({
  /** the arrival rate of the last 15–30 min */
  arrivalsPerHour: z.number(),
  /** average handling time used (today's N3 average) */
  ahtSec: z.number(),
  /** the callers' mean patience, estimated from today's abandons; absent before the first (then Erlang C) */
  patienceSec: z.number().optional(),
  model: z.enum(['erlang-a', 'erlang-c']),
  /** operators needed to hold N1 and N2 at that rate */
  needed: z.number(),
  /** the square-root rule's figure, as a check */
  squareRoot: z.number(),
  /** operators of the queue answering now (logged in, not paused) */
  staffed: z.number(),
  /** needed − staffed, at least 0 */
  short: z.number(),
  /** the server's judgement, drawn as it is: ok none short; warn short but ≥ 80 % of the need answering; alert below that */
  status: z.enum(['ok', 'warn', 'alert']),
  /** a caller joining now (Ibrahim & Whitt's queue-length estimator): expected wait and its band; absent when nobody answers */
  joinWait: z.object({ expectedSec: z.number(), lowSec: z.number(), highSec: z.number() }).optional(),
  /** the arrivals per hour staffing planned with: the window's blended with the history's next 15 minutes (docs/kpis.md, "the blended rate"); absent without history (then `arrivalsPerHour`) */
  plannedPerHour: z.number().optional(),
  /** short-staffed: in about this many minutes today's N1 share falls below its warn limit at the predicted service level of those answering now (docs/kpis.md, "N1 trend"); absent when it does not within 2 hours */
  n1BreachInMin: z.number().optional(),
});
export type QueueForesight = z.infer<typeof QueueForesight>;

/**
 * Issue 16, "forecast vs actual": today against the median of the same weekday of past weeks
 * (server/domain/forecast/expected-day.ts). Calls offered; a handful of numbers (walls get it);
 * the curve by hour is GET /api/v1/forecast. Absent without history.
 */
export const DayForecast = z.object({
  /** expected calls by the end of the local day */
  expectedTotal: z.number(),
  /** expected by now, and offered by now */
  expectedSoFar: z.number(),
  actualSoFar: z.number(),
  /** expected arrivals per hour over the next 15 minutes */
  nextPerHour: z.number(),
  /** past weeks with data that went into the medians */
  weeks: z.number(),
});
export type DayForecast = z.infer<typeof DayForecast>;

export const QueueState = z.object({
  queue: z.string(),
  waiting: z.number(),
  ringing: z.number(),
  /** enter time of the longest-waiting caller, for a live age on screen */
  oldestSince: z.number().optional(),
  today: DayTotals,
  /** the KPIs that apply to one queue (QUEUE_KPI_IDS in shared/kpi-rules.ts) */
  kpis: QueueKpis,
  /** issue 16 (optional for readers of older servers) */
  foresight: QueueForesight.optional(),
  /** issue 16: the surge test now; absent when no arrivals can be judged (a queue without calls today) */
  surge: QueueSurge.optional(),
  /** issue 16 (optional for readers of older servers; absent without history) */
  forecast: DayForecast.optional(),
  /** issue 16: lost callers of this queue still to call back (always sent) */
  lostToCallBack: z.number().optional(),
  /** issue 16: callers who called this queue and called 2+ times within 24 h (always sent) */
  repeatCallers: z.number().optional(),
});
export type QueueState = z.infer<typeof QueueState>;

export const SiteState = z.object({
  site: z.string(),
  name: z.object({ ru: z.string(), en: z.string() }),
  /** the sites file's names of its queues (any language; ids as the PBX sends them): screens show these over the built-in three */
  queueNames: z.record(z.string(), z.object({ ru: z.string(), en: z.string() })).optional(),
  timeZone: z.string(),
  /** update sequence of this site's room; +1 per pushed update */
  seq: z.number(),
  /** the site's norms as configured (defaults: shared/norm-defaults.ts): screens judge with these, never with defaults of their own */
  norms: z.object({
    ringSeconds: z.number(),
    ringsToAnswer: z.number(),
    shortAbandonSeconds: z.number(),
    connectTargetSeconds: z.number(),
    handleMinSeconds: z.number(),
    handleMaxSeconds: z.number(),
    serviceLevelSeconds: z.number(),
    /** N13: an unacknowledged escalation is overdue after this long */
    conflictAckSeconds: z.number(),
    /** after-call work past this is flagged on the operator board (optional for readers of older servers) */
    wrapUpMaxSeconds: z.number().optional(),
    /** N11 callback window, "HH:MM-HH:MM" local */
    callbackWindow: z.string(),
    /** issue 16: the lost-call target, minutes of callback-window time (optional for readers of older servers) */
    lostCallTargetMinutes: z.number().optional(),
  }),
  queues: z.array(QueueState),
  calls: z.array(WaitingCall),
  agents: z.array(AgentLive),
  callbacks: z.array(CallbackLive),
  appeals: z.array(AppealLive),
  conflicts: z.array(ConflictLive),
  /** issue 16: lost callers to call back, oldest first (optional for readers of older servers; always sent) */
  lostCalls: z.array(LostCallLive).optional(),
  /** issue 16: repeat callers of the last 24 h with their number — for the console only: walls and the duty view get none (view-for.ts) */
  repeatCallers: z.array(RepeatCaller).optional(),
  today: DayTotals,
  /** every KPI of this site at the snapshot's time (shared/kpi.ts, docs/kpis.md) */
  kpis: Kpis,
  /** N8, N11, N15 at the snapshot's time; `…ChangeAt` lets a screen flip the state on time */
  hours: SiteHoursNow,
  /** N1: calls ringing past the ring limit at the snapshot's time (a client ticks on with `calls[].ringStart`) */
  ringingPast3: z.array(RingingPast3),
  /** N1: rings past the limit today per operator, most first */
  ringsPast3ByAgent: z.array(z.object({ agentId: z.string(), count: z.number() })),
  /** today per operator (operators with any count), by id: calls answered, rings let go; their rings past the limit are in `ringsPast3ByAgent` */
  agentsToday: z.array(AgentToday).optional(),
  /** issue 16: open incidents, oldest first (optional for readers of older servers) */
  incidents: z.array(IncidentLive).optional(),
  /** issue 16: an incident is open and the site has a storm profile: the KPIs are judged by it */
  storm: z.boolean().optional(),
  /** the site's day against its history (issue 16; absent without history) */
  forecast: DayForecast.optional(),
});
export type SiteState = z.infer<typeof SiteState>;

export const Snapshot = z.object({
  serverTime: z.number(),
  sites: z.array(SiteState),
  /** the whole centre (the sites of this snapshot together): combineKpis of the sites' KPIs */
  kpis: Kpis.optional(),
  /** sites asked for whose state the server could not build now: screens keep their last data for them, marked stale */
  unavailableSites: z.array(z.string()).optional(),
  /** the server pushes every site at least this often (shared/push-timing.ts): longer silence means the push stopped */
  fullPushMs: z.number().optional(),
});
export type Snapshot = z.infer<typeof Snapshot>;
