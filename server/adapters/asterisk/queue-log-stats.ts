/**
 * Asterisk's own queue figures, computed from queue_log records (definitions in
 * docs/asterisk.md). Used by the importer's summary so an operator can compare an import
 * with the PBX's reports. The total counts calls (uniqueid): a call logged twice with slightly
 * different lines is still one call. Per queue, each queue entry (ENTERQUEUE) counts in its
 * queue, as the PBX's per-queue figures do: a caller transferred into another queue is
 * offered in both.
 */
import type { ExitReason, QueueLogEntry } from './queue-log-line.js';

interface CallRecord {
  queue: string;
  entered: boolean;
  /** CONNECT holdtime (first CONNECT) */
  holdSec?: number;
  end?: 'caller' | 'agent' | 'transfer' | 'withdraw';
  talkSec?: number;
  lost?: ExitReason;
  lostWaitSec?: number;
}

export interface QueueFigures {
  /** calls with ENTERQUEUE */
  entered: number;
  /** calls with CONNECT (an operator answered) */
  answered: number;
  /** answered calls that finished: COMPLETECALLER + COMPLETEAGENT + transfers (QueueStatus "Completed") */
  completed: number;
  completedByCaller: number;
  completedByAgent: number;
  transferred: number;
  /** ABANDON: the caller hung up while waiting */
  abandoned: number;
  /** EXITWITHTIMEOUT: the queue's timeout expired */
  timedOut: number;
  /** EXITEMPTY: no members could take the call (leavewhenempty) */
  exitEmpty: number;
  /** EXITWITHKEY: the caller pressed an exit digit */
  exitWithKey: number;
  /** SYSCOMPAT or AGENTDUMP: dropped before a conversation */
  dropped: number;
  /** WITHDRAW: taken out of the queue by QueueWithdrawCaller */
  withdrawn: number;
  /** Asterisk's QueueStatus "Abandoned" counter: ABANDON + EXITEMPTY + EXITWITHTIMEOUT */
  asteriskAbandoned: number;
  /** calls seen but neither finished nor lost when the log ends */
  open: number;
  /** mean CONNECT holdtime of answered calls, seconds (null without answered calls) */
  avgWaitSec: number | null;
  /** mean calltime of completed calls, seconds */
  avgTalkSec: number | null;
  /** mean waittime of ABANDON lines, seconds */
  avgAbandonWaitSec: number | null;
  serviceLevelSeconds: number;
  /** answered with holdtime ≤ serviceLevelSeconds (Asterisk's "completed in service level" test) */
  answeredWithinSl: number;
  /** answeredWithinSl / answered × 100 (null without answered calls) */
  serviceLevelPct: number | null;
}

export interface QueueStatsResult {
  total: QueueFigures;
  byQueue: Record<string, QueueFigures>;
}

const mean = (sum: number, n: number) => (n ? sum / n : null);

export class QueueLogStats {
  private readonly calls = new Map<string, CallRecord>();

  /** each call's visits of a queue, for the per-queue figures */
  private readonly visits = new Map<string, CallRecord[]>();

  add(entry: QueueLogEntry): void {
    const r = entry.record;
    if (!['enter', 'connect', 'complete', 'transfer', 'exit', 'withdraw'].includes(r.kind)) return;
    let c = this.calls.get(entry.uniqueId);
    if (!c) {
      c = { queue: entry.queue, entered: false };
      this.calls.set(entry.uniqueId, c);
    }
    if (r.kind === 'enter' && c.entered) {
      // the call once: its first queue; a later entry is another queue's visit
    } else {
      apply(c, entry);
    }
    const list = this.visits.get(entry.uniqueId) ?? [];
    this.visits.set(entry.uniqueId, list);
    let v = r.kind === 'enter' ? undefined : list.filter((x) => x.queue === entry.queue).at(-1);
    if (!v) {
      v = { queue: entry.queue, entered: false };
      list.push(v);
    }
    apply(v, entry);
  }

  result(serviceLevelSeconds = 20): QueueStatsResult {
    const groups = new Map<string, CallRecord[]>();
    for (const list of this.visits.values()) {
      for (const v of list) {
        const g = groups.get(v.queue) ?? [];
        g.push(v);
        groups.set(v.queue, g);
      }
    }
    // queue names come from the PBX: no prototype, so any name is just a key
    const byQueue = Object.create(null) as Record<string, QueueFigures>;
    for (const [q, list] of [...groups].sort(([a], [b]) => a.localeCompare(b))) byQueue[q] = figures(list, serviceLevelSeconds);
    return { total: figures([...this.calls.values()], serviceLevelSeconds), byQueue };
  }
}

function apply(c: CallRecord, entry: QueueLogEntry): void {
  const r = entry.record;
  switch (r.kind) {
    case 'enter':
      c.entered = true;
      c.queue = entry.queue;
      break;
    case 'connect':
      c.holdSec ??= r.holdSec;
      break;
    case 'complete':
      if (!c.end) {
        c.end = r.by;
        c.talkSec = r.talkSec;
      }
      break;
    case 'transfer':
      if (!c.end) {
        c.end = 'transfer';
        c.talkSec = r.talkSec;
      }
      break;
    case 'withdraw':
      c.end ??= 'withdraw';
      break;
    case 'exit':
      if (!c.lost) {
        c.lost = r.reason;
        c.lostWaitSec = r.waitSec;
      }
      break;
    default:
      break;
  }
}

function figures(calls: readonly CallRecord[], sl: number): QueueFigures {
  const f: QueueFigures = {
    entered: 0,
    answered: 0,
    completed: 0,
    completedByCaller: 0,
    completedByAgent: 0,
    transferred: 0,
    abandoned: 0,
    timedOut: 0,
    exitEmpty: 0,
    exitWithKey: 0,
    dropped: 0,
    withdrawn: 0,
    asteriskAbandoned: 0,
    open: 0,
    avgWaitSec: null,
    avgTalkSec: null,
    avgAbandonWaitSec: null,
    serviceLevelSeconds: sl,
    answeredWithinSl: 0,
    serviceLevelPct: null,
  };
  let waitSum = 0;
  let talkSum = 0;
  let talkN = 0;
  let abandonWaitSum = 0;
  let abandonWaitN = 0;
  for (const c of calls) {
    if (c.entered) f.entered += 1;
    const answered = c.holdSec !== undefined;
    if (answered) {
      f.answered += 1;
      waitSum += c.holdSec!;
      if (c.holdSec! <= sl) f.answeredWithinSl += 1;
    }
    if (c.end === 'caller' || c.end === 'agent' || c.end === 'transfer') {
      f.completed += 1;
      if (c.end === 'caller') f.completedByCaller += 1;
      else if (c.end === 'agent') f.completedByAgent += 1;
      else f.transferred += 1;
      if (c.talkSec !== undefined) {
        talkSum += c.talkSec;
        talkN += 1;
      }
    }
    if (c.end === 'withdraw') f.withdrawn += 1;
    if (!answered && c.lost) {
      if (c.lost === 'abandon') {
        f.abandoned += 1;
        if (c.lostWaitSec !== undefined) {
          abandonWaitSum += c.lostWaitSec;
          abandonWaitN += 1;
        }
      } else if (c.lost === 'timeout') f.timedOut += 1;
      else if (c.lost === 'empty') f.exitEmpty += 1;
      else if (c.lost === 'key') f.exitWithKey += 1;
      else f.dropped += 1;
    }
    if (!c.end && !(c.lost && !answered)) f.open += 1;
  }
  f.asteriskAbandoned = f.abandoned + f.timedOut + f.exitEmpty;
  f.avgWaitSec = mean(waitSum, f.answered);
  f.avgTalkSec = mean(talkSum, talkN);
  f.avgAbandonWaitSec = mean(abandonWaitSum, abandonWaitN);
  f.serviceLevelPct = f.answered ? (f.answeredWithinSl / f.answered) * 100 : null;
  return f;
}
