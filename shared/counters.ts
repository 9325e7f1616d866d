/**
 * THE counter vocabulary: every counter the folds write into a site's 15-minute hashes
 * (`<prefix>{site}:ctr:<bucketMs>`, server/store/keys.ts), where it is counted, and which
 * today-totals and history fields read it. A counter's name IS its metric in the Redis field
 * and the name of the DayTotals / HistoryInterval field it feeds, so nothing renames on the way.
 * Adding a counter is one row here (plus its test): the folds write through the field builders
 * below, `sumCounters` (server/domain/day-totals.ts) reads through `readCounterField`, and
 * `emptyTotals` (shared/day-totals.ts), the DayTotals (shared/snapshot.ts) and HistoryInterval
 * (shared/kpi.ts) schemas are made from the table. No zod here: the client imports it.
 */

/**
 * Where a counter is counted, i.e. the shape of its Redis field:
 * - `queue`: `q|<queue>|<name>`, per queue; the site's total is the sum of its queues;
 * - `appeal`: `ap|<name>`, or `ap|<name>:<key>` for a counter kept by key (a reason, a channel);
 * - `conflict`: `cf|<name>`;
 * - `agent` (issue 17): per operator only, `ag|<agentId>|<name>`, or `ag|<agentId>|<name>:<key>` when keyed
 *   (a pause reason): what the operators' states add up to (agent-fold.ts), no queue's figure.
 * A counter that is also kept per operator (`perAgent`) is written again as `ag|<agentId>|<name>`.
 * A call that moved between queues counts once for the site (`q|` of the queue it began in) and
 * each queue sees its own visit: `qv|<queue>|<name>` corrects the queues' figures only
 * (server/domain/call-fold.ts; docs/kpis.md "two views").
 */
export type CountedAt = 'queue' | 'appeal' | 'conflict' | 'agent';

export interface CounterSpec {
  at: CountedAt;
  /**
   * the DayTotals field of the same name: `v1` in every snapshot from the start; `kpis` added
   * with the KPIs, optional in the schema for readers of older servers (always sent); `false`
   * not in the totals: counted for reports, read by no screen yet
   */
  totals: 'v1' | 'kpis' | false;
  /** a count of GET /api/v1/history's intervals, of the same name */
  history?: true;
  /** kept by key (`<name>:<key>`): its total sums the keys, and the keys make a breakdown */
  keyed?: true;
  /** also kept per operator (`ag|<agentId>|<name>`), a breakdown of the same count */
  perAgent?: true;
  /**
   * kept in the day's roll-up only, not in the 15-minute buckets: a report's counter read by whole
   * days, kept out of the buckets so the busiest ones stay under Redis's compact-hash limit (128 fields)
   */
  rollupOnly?: true;
}

export const COUNTERS = {
  /** calls that entered a queue */
  offered: { at: 'queue', totals: 'v1', history: true },
  /** per operator too: the calls each operator answered (issue 14, the operator board) */
  answered: { at: 'queue', totals: 'v1', history: true, perAgent: true },
  abandoned: { at: 'queue', totals: 'v1', history: true },
  /** hung up within `shortAbandonSeconds`: not counted against the service level */
  abandonedShort: { at: 'queue', totals: 'v1', history: true },
  /** queue entry → hang-up of the abandoned, ms: with waitSumMs, the time all callers spent waiting, which estimates their patience (issue 16) */
  abandonWaitSumMs: { at: 'queue', totals: 'kpis' },
  /** N1: answered within the ring limit (shared/ring-limit.ts) */
  answeredIn3Rings: { at: 'queue', totals: 'v1', history: true },
  /** N1: rings that went past the limit (a call may ring several operators) */
  ringsPast3: { at: 'queue', totals: 'v1', history: true, perAgent: true },
  /** queue entry → answer, in ms, and how many answers it sums */
  waitSumMs: { at: 'queue', totals: 'v1' },
  waitN: { at: 'queue', totals: 'v1' },
  /** N2: queue entry → specialist (→ answer when not transferred), ms */
  connectSumMs: { at: 'queue', totals: 'v1' },
  connectN: { at: 'queue', totals: 'v1' },
  /** N3: answer → end, ms */
  handleSumMs: { at: 'queue', totals: 'v1' },
  handleN: { at: 'queue', totals: 'v1' },
  /** N4: callback promises made (counted with the call, when it entered the queue) */
  callbacksPromised: { at: 'queue', totals: 'v1' },
  /** N14: appeals registered */
  appealsRegistered: { at: 'appeal', totals: 'v1' },
  /** N13 */
  conflictsRaised: { at: 'conflict', totals: 'v1' },
  /** calls that ended: the denominator of the N5–N7 outcome shares */
  ended: { at: 'queue', totals: 'kpis' },
  /** answered within `serviceLevelSeconds` of entering the queue */
  answeredInServiceLevel: { at: 'queue', totals: 'kpis', history: true },
  /** N5, N6, N7: calls that ended with that outcome */
  redirected: { at: 'queue', totals: 'kpis' },
  refusedIdentification: { at: 'queue', totals: 'kpis' },
  terminatedAbuse: { at: 'queue', totals: 'kpis' },
  /** calls on the hotline line (the others of `offered` came on direct lines): which lines a queue serves, N8/N15 */
  hotline: { at: 'queue', totals: 'kpis' },
  /** N8: hotline calls that came while the hotline was closed; N15: direct-line calls while the unit was closed */
  hotlineWhileClosed: { at: 'queue', totals: 'kpis' },
  directWhileClosed: { at: 'queue', totals: 'kpis' },
  /** N10: appeals answered, of them after their deadline (counted when answered) */
  appealsAnswered: { at: 'appeal', totals: 'kpis' },
  appealsAnsweredLate: { at: 'appeal', totals: 'kpis' },
  /** N9: appeals rejected, by reason (counted when rejected) */
  appealsRejected: { at: 'appeal', totals: 'kpis', keyed: true },
  /** lost because the queue's timeout expired (a feed that tells why: Asterisk EXITWITHTIMEOUT); counted in `abandoned` too */
  timedOut: { at: 'queue', totals: 'kpis' },

  // counted, not in the totals
  /** rings an operator let go unanswered (no answer, or the PBX moved the call on); counted per operator only, not for the queue */
  ringsMissed: { at: 'queue', totals: false, perAgent: true },
  /** N14: appeals registered by `channel:clientType` (the breakdown of appealsRegistered) */
  appealsByChannel: { at: 'appeal', totals: false, keyed: true },
  /** calls that ended resolved, or with a callback promised (the other outcomes are in the totals above) */
  outcomeResolved: { at: 'queue', totals: false },
  outcomeCallback: { at: 'queue', totals: false },
  /** calls the PBX no longer had when an AMI feed reconciled (closed as such, not counted as abandons) */
  outcomeReconciled: { at: 'queue', totals: false },
  /** issue 16: lost callers to call back (abandoned, waited ≥ shortAbandonSeconds; counted with the call, in the queue it began in) */
  lostCalls: { at: 'queue', totals: false },
  /** … of them called back and reached, and reached within the target (norms.lostCallTargetMinutes of N11 window time) */
  lostCalledBack: { at: 'queue', totals: false },
  lostCalledBackInTarget: { at: 'queue', totals: false },
  /** … closed after LOST_CALL_MAX_ATTEMPTS unanswered attempts, or because there was no number to call */
  lostNotReached: { at: 'queue', totals: false },
  lostNoNumber: { at: 'queue', totals: false },
  /** unanswered call-back attempts (`not_reached`), of entries open or closed */
  lostAttempts: { at: 'queue', totals: false },
  /**
   * issue 17, the operator report (counted per operator only): rings offered to the operator; the
   * conversations they had (answer → end of each visit they answered) and their ms
   */
  ringsOffered: { at: 'queue', totals: false, perAgent: true },
  talkSumMs: { at: 'queue', totals: false, perAgent: true },
  talkN: { at: 'queue', totals: false, perAgent: true },
  /** … lost callers called back, by who did it (`actor` of call.lost_called_back): attempts (reached or not), of them reached; counted when made */
  lostCallBacks: { at: 'queue', totals: false, perAgent: true },
  lostCallBacksReached: { at: 'queue', totals: false, perAgent: true },
  /** … after-call work: wrap_up states that ended, and their ms (counted in the interval where each ends; agent-fold.ts) */
  acwSumMs: { at: 'agent', totals: false, perAgent: true },
  acwN: { at: 'agent', totals: false, perAgent: true },
  /** … pauses that ended and their ms, by reason (`~`: none given) */
  pauseMs: { at: 'agent', totals: false, perAgent: true, keyed: true },
  pauseN: { at: 'agent', totals: false, perAgent: true, keyed: true },
  /**
   * The appeals report (issue 17): what became of the appeals registered in an interval, counted in
   * the interval of their registration (as appealsByChannel), by `channel:clientType` — answered,
   * of them after the N10 deadline, the ms from registration to the answer; rejected by
   * `channel:clientType:reason` (N9). Registered − answered − rejected is what is still open.
   */
  appealsAnsweredByChannel: { at: 'appeal', totals: false, keyed: true, rollupOnly: true },
  appealsLateByChannel: { at: 'appeal', totals: false, keyed: true, rollupOnly: true },
  appealsAnswerMsByChannel: { at: 'appeal', totals: false, keyed: true, rollupOnly: true },
  appealsRejectedByChannel: { at: 'appeal', totals: false, keyed: true, rollupOnly: true },
  /** N11: appeal return-call attempts, and appeals whose client was reached */
  cbAttempts: { at: 'appeal', totals: false },
  cbReached: { at: 'appeal', totals: false },
  /** N13: escalations; acknowledgements and the ms to them; resolutions and the ms from the raise to them */
  escalated: { at: 'conflict', totals: false },
  ackSumMs: { at: 'conflict', totals: false },
  ackN: { at: 'conflict', totals: false },
  resolved: { at: 'conflict', totals: false },
  resolveSumMs: { at: 'conflict', totals: false },
  resolveN: { at: 'conflict', totals: false },
} as const satisfies Record<string, CounterSpec>;

type Table = typeof COUNTERS;
export type CounterName = keyof Table;
type Where<P> = { [K in CounterName]: Table[K] extends P ? K : never }[CounterName];

export type QueueCounter = Where<{ at: 'queue' }>;
export type AppealCounter = Where<{ at: 'appeal' }>;
export type ConflictCounter = Where<{ at: 'conflict' }>;
export type AgentCounter = Where<{ perAgent: true }>;
/** per operator and by key (a pause reason) */
export type AgentKeyedCounter = Where<{ perAgent: true; keyed: true }>;
/** kept by key for the site (an appeal's reason or channel) */
export type KeyedCounter = Exclude<Where<{ keyed: true }>, AgentKeyedCounter>;
/** the DayTotals fields, in the order of the table */
export type TotalsField = Where<{ totals: 'v1' | 'kpis' }>;
export type HistoryCounter = Where<{ history: true }>;

const NAMES = Object.keys(COUNTERS) as CounterName[];
const has = (name: CounterName, p: keyof CounterSpec) => p in COUNTERS[name];

export const TOTALS_FIELDS = NAMES.filter((n) => COUNTERS[n].totals !== false) as TotalsField[];
export const HISTORY_COUNTERS = NAMES.filter((n) => has(n, 'history')) as HistoryCounter[];
export const AGENT_COUNTERS = NAMES.filter((n) => has(n, 'perAgent')) as AgentCounter[];
export const KEYED_COUNTERS = NAMES.filter((n) => has(n, 'keyed') && !has(n, 'perAgent')) as KeyedCounter[];
export const AGENT_KEYED_COUNTERS = AGENT_COUNTERS.filter((n) => has(n, 'keyed')) as AgentKeyedCounter[];

/** Today's totals with every field present (the server always fills the optional ones). */
export type Totals = Record<TotalsField, number>;

/**
 * Names written before the vocabulary was one table (issue 15): legacy names, read only, so a
 * running centre's counters of today are not misread after an upgrade; `npm run obzor -- rebuild`
 * rewrites everything under the names above (docs/operations.md).
 */
const LEGACY: Readonly<Record<CountedAt, Readonly<Record<string, CounterName>>>> = {
  queue: { answeredInSL: 'answeredInServiceLevel', closedHotline: 'hotlineWhileClosed', closedDirect: 'directWhileClosed', 'out:redirected': 'redirected', 'out:refused_identification': 'refusedIdentification', 'out:terminated_abuse': 'terminatedAbuse', 'out:resolved': 'outcomeResolved', 'out:callback': 'outcomeCallback' },
  appeal: { registered: 'appealsRegistered', answered: 'appealsAnswered', answeredLate: 'appealsAnsweredLate', rejected: 'appealsRejected', reg: 'appealsByChannel' },
  conflict: { raised: 'conflictsRaised' },
  agent: {},
};

// ---- the Redis fields ------------------------------------------------------------------

export function queueCounterField(queue: string, name: QueueCounter): string {
  return `q|${queue}|${name}`;
}

/** a queue's own view of a call that visited several queues: read into that queue's figures, never the site's */
export function queueVisitCounterField(queue: string, name: QueueCounter): string {
  return `qv|${queue}|${name}`;
}

/** `key` for a keyed counter (a pause reason): `|` in it is written `/`, so the field reads back */
export function agentCounterField(agentId: string, name: AgentCounter, key?: string): string {
  return key === undefined ? `ag|${agentId}|${name}` : `ag|${agentId}|${name}:${key.replace(/\|/g, '/')}`;
}

/** `key` for a keyed counter (a reason, `channel:clientType`) */
export function appealCounterField(name: AppealCounter, key?: string): string {
  return key === undefined ? `ap|${name}` : `ap|${name}:${key}`;
}

export function conflictCounterField(name: ConflictCounter): string {
  return `cf|${name}`;
}

/**
 * Calls that entered a queue, by the minute of the 15-minute bucket they entered in (0–14):
 * `qm|<queue>|<minute>`. Not a counter of the table (no totals, no history reads it): the surge
 * alarm (issue 16) needs the last 10 minutes to the minute, which 15-minute buckets cannot say.
 */
export function queueArrivalMinuteField(queue: string, minuteOfBucket: number): string {
  return `qm|${queue}|${minuteOfBucket}`;
}

export const isArrivalMinuteField = (field: string) => field.startsWith('qm|');

/** the `ap|<name>` of the counters kept in the day's roll-up only (all of them appeal counters) */
const ROLLUP_ONLY = new Set(
  NAMES.filter((n) => has(n, 'rollupOnly')).map((n) => {
    if (COUNTERS[n].at !== 'appeal') throw new Error(`counter ${n}: only appeal counters are kept by days only`);
    return appealCounterField(n as AppealCounter);
  }),
);

/** the `ap|<name>` prefixes of those fields (a backfill of roll-ups from buckets leaves them be) */
export const ROLLUP_ONLY_PREFIXES: readonly string[] = [...ROLLUP_ONLY];

/** a field the 15-minute buckets do not keep, only the day's roll-up (`rollupOnly` in the table) */
export function isRollupOnlyField(field: string): boolean {
  const colon = field.indexOf(':');
  return ROLLUP_ONLY.has(colon < 0 ? field : field.slice(0, colon));
}

/** `qm|<queue>|<minute>` read back; undefined for any other field. */
export function readArrivalMinuteField(field: string): { queue: string; minute: number } | undefined {
  if (!field.startsWith('qm|')) return undefined;
  const cut = field.lastIndexOf('|');
  const minute = Number(field.slice(cut + 1));
  if (cut <= 3 || !Number.isInteger(minute) || minute < 0 || minute > 14) return undefined;
  return { queue: field.slice(3, cut), minute };
}

/** A counter field read back: which counter, and of which queue, operator or key. */
export interface CounterOf {
  name: CounterName;
  queue?: string;
  /** a `qv|` field: for its queue's figures only */
  visitOnly?: true;
  agentId?: string;
  key?: string;
}

const SCOPE_OF: Readonly<Record<string, CountedAt>> = { q: 'queue', ap: 'appeal', cf: 'conflict' };

/** the counter counted at `at` under `metric`: its name, or a legacy name of it */
function nameAt(at: CountedAt, metric: string): CounterName | undefined {
  if (Object.hasOwn(COUNTERS, metric) && COUNTERS[metric as CounterName].at === at) return metric as CounterName;
  return Object.hasOwn(LEGACY[at], metric) ? LEGACY[at][metric] : undefined;
}

const perAgent = (metric: string) => Object.hasOwn(COUNTERS, metric) && has(metric as CounterName, 'perAgent');

/** `<agentId>|<name>` or `<agentId>|<name>:<key>` (an id never holds `|`) */
function agentCounterOf(rest: string): CounterOf | undefined {
  const cut = rest.indexOf('|');
  const agentId = rest.slice(0, cut);
  const metric = rest.slice(cut + 1);
  if (perAgent(metric)) return has(metric as CounterName, 'keyed') ? undefined : { name: metric as CounterName, agentId };
  const colon = metric.indexOf(':');
  const name = metric.slice(0, colon);
  return colon > 0 && perAgent(name) && has(name as CounterName, 'keyed') ? { name: name as CounterName, agentId, key: metric.slice(colon + 1) } : undefined;
}

/** The counter a Redis field holds (legacy names included); undefined for a field of no known counter. */
export function readCounterField(field: string): CounterOf | undefined {
  const first = field.indexOf('|');
  if (first < 0) return undefined;
  const scope = field.slice(0, first);
  const rest = field.slice(first + 1);
  if (scope === 'q' || scope === 'qv' || scope === 'ag') {
    // `<queue or operator id>|<name>`: ids never hold `|` (shared/entity-id.ts)
    const cut = rest.lastIndexOf('|');
    if (cut < 0) return undefined;
    const owner = rest.slice(0, cut);
    const metric = rest.slice(cut + 1);
    if (scope === 'ag') return agentCounterOf(rest);
    const name = nameAt('queue', metric);
    return name && (scope === 'qv' ? { name, queue: owner, visitOnly: true } : { name, queue: owner });
  }
  const at = SCOPE_OF[scope];
  if (at === undefined || !Object.hasOwn(SCOPE_OF, scope)) return undefined;
  // `<name>:<key>` for a keyed counter, else `<name>`
  const colon = rest.indexOf(':');
  const keyed = colon < 0 ? undefined : nameAt(at, rest.slice(0, colon));
  if (keyed && has(keyed, 'keyed')) return { name: keyed, key: rest.slice(colon + 1) };
  const name = nameAt(at, rest);
  return name && !has(name, 'keyed') ? { name } : undefined;
}
