/**
 * The ground truth of a queue_log, computed by Asterisk's own definitions (app_queue, "Queue
 * Logs"; docs/asterisk.md), independently of Obzor's parser and mappers: the oracle the
 * replay tests and `npm run test:pbx` compare Obzor's figures with.
 *
 * Two views, as docs/kpis.md states them:
 * - per queue (the PBX's view, `queue show`): every ENTERQUEUE is a visit of that queue and
 *   counts there; a caller blind-transferred into another queue is offered in both;
 * - the centre: each call (uniqueid) once — offered once, answered if any visit was answered
 *   (wait = first entry → first answer), lost if never answered and its last visit was lost,
 *   talk = the sum of its visits' talk, ended and redirected if any visit was (transferred or
 *   withdrawn for redirected).
 */

export interface Figures {
  offered: number;
  answered: number;
  /** ABANDON + EXITWITHTIMEOUT + EXITEMPTY + EXITWITHKEY (+ SYSCOMPAT, AGENTDUMP): the caller was not served */
  lost: number;
  /** lost with a wait under `shortAbandonSeconds` */
  lostShort: number;
  timedOut: number;
  /** WITHDRAW: taken out by the system (QueueWithdrawCaller), not lost */
  withdrawn: number;
  /** transferred (BLIND/ATTENDED/TRANSFER) or withdrawn */
  redirected: number;
  /** completed (COMPLETECALLER/AGENT), transferred or withdrawn */
  ended: number;
  waitSumSec: number;
  waitN: number;
  talkSumSec: number;
  talkN: number;
  answeredWithinSl: number;
  /** rings longer than the ring limit (RINGNOANSWER/RINGCANCELED ms, CONNECT ring s) */
  ringsPast3: number;
  /** rings within one second of the limit: whole-second ring times cannot tell these */
  ringsNearLimit: number;
}

export interface Truth {
  byQueue: Record<string, Figures>;
  centre: Figures;
  /** members (by interface) in at least one queue when the log ends */
  present: string[];
  /** calls whose last visit is still open when the log ends (waiting), by queue */
  waiting: { callId: string; queue: string; since: number }[];
  /** open (answered, not ended) conversations when the log ends */
  talking: string[];
}

export interface TruthOptions {
  shortAbandonSeconds?: number;
  serviceLevelSeconds?: number;
  /** ring limit in seconds (3 rings × 5 s) */
  ringLimitSeconds?: number;
}

interface Visit {
  queue: string;
  enteredAt: number;
  holdSec?: number;
  answeredAt?: number;
  talkSec?: number;
  end?: 'completed' | 'transferred' | 'withdrawn';
  lost?: { reason: string; waitSec: number };
  rings: number[];
}

const empty = (): Figures => ({
  offered: 0,
  answered: 0,
  lost: 0,
  lostShort: 0,
  timedOut: 0,
  withdrawn: 0,
  redirected: 0,
  ended: 0,
  waitSumSec: 0,
  waitN: 0,
  talkSumSec: 0,
  talkN: 0,
  answeredWithinSl: 0,
  ringsPast3: 0,
  ringsNearLimit: 0,
});

const LOST = new Set(['ABANDON', 'EXITWITHTIMEOUT', 'EXITEMPTY', 'EXITWITHKEY', 'SYSCOMPAT', 'AGENTDUMP']);
const TRANSFER = new Set(['BLINDTRANSFER', 'ATTENDEDTRANSFER', 'TRANSFER']);

export function queueLogTruth(text: string, opts: TruthOptions = {}): Truth {
  const short = opts.shortAbandonSeconds ?? 5;
  const sl = opts.serviceLevelSeconds ?? 20;
  const limitMs = (opts.ringLimitSeconds ?? 15) * 1000;
  const calls = new Map<string, Visit[]>();
  const members = new Map<string, Set<string>>();
  const current = (id: string, queue: string): Visit | undefined => calls.get(id)?.filter((v) => v.queue === queue).at(-1);

  for (const raw of text.split('\n')) {
    const f = raw.replace(/\r$/, '').split('|');
    if (f.length < 5) continue;
    const [time, id, queue, agent, verb] = f as [string, string, string, string, string];
    const d = f.slice(5);
    const t = Number(time) * 1000;
    if (verb === 'ADDMEMBER') members.set(agent, (members.get(agent) ?? new Set()).add(queue));
    else if (verb === 'REMOVEMEMBER') members.get(agent)?.delete(queue);
    else if (verb === 'ENTERQUEUE') {
      const list = calls.get(id) ?? [];
      list.push({ queue, enteredAt: t, rings: [] });
      calls.set(id, list);
    }
    const v = current(id, queue);
    if (!v) continue;
    // a static member (queues.conf) has no ADDMEMBER: its calls show it is a member
    if (agent !== 'NONE' && (verb === 'CONNECT' || verb === 'RINGNOANSWER') && agent.includes('/')) members.set(agent, (members.get(agent) ?? new Set()).add(queue));
    if (verb === 'RINGNOANSWER' || verb === 'RINGCANCELED') v.rings.push(Number(d[0] ?? 0));
    else if (verb === 'CONNECT') {
      v.holdSec = Number(d[0]);
      v.answeredAt = t;
      if (d[2] !== undefined && d[2] !== '') v.rings.push(Number(d[2]) * 1000);
    } else if (verb === 'COMPLETECALLER' || verb === 'COMPLETEAGENT') {
      v.end ??= 'completed';
      v.talkSec ??= Number(d[1]);
    } else if (TRANSFER.has(verb)) {
      v.end ??= 'transferred';
      v.talkSec ??= Number(d.at(-2));
    } else if (verb === 'WITHDRAW') v.end ??= 'withdrawn';
    else if (LOST.has(verb) && v.holdSec === undefined) {
      const wait = verb === 'EXITWITHKEY' ? d[3] : d[2];
      v.lost ??= { reason: verb, waitSec: wait !== undefined && wait !== '' ? Number(wait) : Math.round((t - v.enteredAt) / 1000) };
    }
  }

  const byQueue: Record<string, Figures> = {};
  const centre = empty();
  const ringsOf = (fig: Figures, rings: readonly number[]) => {
    for (const ms of rings) {
      if (ms > limitMs) fig.ringsPast3 += 1;
      if (Math.abs(ms - limitMs) <= 1000) fig.ringsNearLimit += 1;
    }
  };
  const waiting: Truth['waiting'] = [];
  const talking: string[] = [];
  for (const [callId, visits] of calls) {
    for (const v of visits) {
      const q = (byQueue[v.queue] ??= empty());
      q.offered += 1;
      if (v.holdSec !== undefined) {
        q.answered += 1;
        q.waitSumSec += v.holdSec;
        q.waitN += 1;
        if (v.holdSec <= sl) q.answeredWithinSl += 1;
      }
      if (v.lost) {
        q.lost += 1;
        if (v.lost.waitSec < short) q.lostShort += 1;
        if (v.lost.reason === 'EXITWITHTIMEOUT') q.timedOut += 1;
      }
      if (v.end) {
        q.ended += 1;
        if (v.end !== 'completed') q.redirected += 1;
        if (v.end === 'withdrawn') q.withdrawn += 1;
        if (v.talkSec !== undefined && v.end !== 'withdrawn') {
          q.talkSumSec += v.talkSec;
          q.talkN += 1;
        }
      }
      ringsOf(q, v.rings);
    }
    const first = visits[0]!;
    const last = visits.at(-1)!;
    const answered = visits.find((v) => v.holdSec !== undefined);
    centre.offered += 1;
    if (answered) {
      const wait = answered.holdSec! + (answered.enteredAt - first.enteredAt) / 1000;
      centre.answered += 1;
      centre.waitSumSec += wait;
      centre.waitN += 1;
      if (wait <= sl) centre.answeredWithinSl += 1;
    } else if (last.lost) {
      centre.lost += 1;
      if (last.lost.waitSec + (last.enteredAt - first.enteredAt) / 1000 < short) centre.lostShort += 1;
      if (last.lost.reason === 'EXITWITHTIMEOUT') centre.timedOut += 1;
    }
    if (visits.some((v) => v.end === 'withdrawn')) centre.withdrawn += 1;
    if (visits.some((v) => v.end === 'transferred' || v.end === 'withdrawn')) centre.redirected += 1;
    if (visits.some((v) => v.end)) centre.ended += 1;
    const talks = visits.filter((v) => v.end && v.end !== 'withdrawn' && v.talkSec !== undefined);
    if (talks.length) {
      centre.talkSumSec += talks.reduce((s, v) => s + v.talkSec!, 0);
      centre.talkN += 1;
    }
    for (const v of visits) ringsOf(centre, v.rings);
    if (!last.end && !last.lost) {
      if (last.holdSec === undefined) waiting.push({ callId, queue: last.queue, since: last.enteredAt });
      else talking.push(callId);
    }
  }
  const present = [...members].filter(([, qs]) => qs.size > 0).map(([m]) => m).sort();
  return { byQueue, centre, present, waiting, talking };
}
