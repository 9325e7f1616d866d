/**
 * One queue_log line → a typed record, or the reason it cannot be one. Pure: no I/O.
 *
 * Format (Asterisk "Queue Logs"): `time|uniqueid|queue|agent|verb|data1|data2|…`
 * - time: UNIX epoch seconds (optionally with a fraction); database exports
 *   (`2012-07-03 15:27:23.896208`) are read in the configured time zone.
 * - uniqueid: the caller channel's uniqueid, or `NONE` / `MANAGER` / `REALTIME`.
 * - queue, agent: names as Asterisk writes them (`NONE` when not applicable).
 * - data fields depend on the verb; see `VERBS` below and docs/asterisk.md.
 */
import { DateTime } from 'luxon';

export type ExitReason = 'abandon' | 'timeout' | 'empty' | 'key' | 'syscompat' | 'agentdump';
export type MemberAction = 'login' | 'logoff' | 'add' | 'remove' | 'pause' | 'unpause' | 'pause_all' | 'unpause_all';
export type TransferKind = 'transfer' | 'blind' | 'attended';

export type QueueLogRecord =
  /** ENTERQUEUE(url|callerid|position) */
  | { kind: 'enter'; url: string; callerId: string; position?: number }
  /** RINGNOANSWER(ringtime ms) / RINGCANCELED(ringtime ms) */
  | { kind: 'ring_no_answer' | 'ring_canceled'; ringMs: number }
  /** CONNECT(holdtime s|bridged channel uniqueid|ringtime s) */
  | { kind: 'connect'; holdSec: number; bridgedId: string; ringSec?: number }
  /** COMPLETECALLER / COMPLETEAGENT(holdtime s|calltime s|origposition) */
  | { kind: 'complete'; by: 'caller' | 'agent'; holdSec: number; talkSec: number; origPosition?: number }
  /** TRANSFER / BLINDTRANSFER(extension|context|holdtime|calltime|origposition), ATTENDEDTRANSFER(method|…|holdtime|calltime|origposition) */
  | { kind: 'transfer'; how: TransferKind; target: string; holdSec?: number; talkSec?: number; origPosition?: number }
  /** ABANDON / EXITEMPTY / EXITWITHTIMEOUT(position|origposition|waittime), EXITWITHKEY(key|position|origposition|waittime), SYSCOMPAT, AGENTDUMP */
  | { kind: 'exit'; reason: ExitReason; position?: number; origPosition?: number; waitSec?: number; key?: string }
  /** WITHDRAW(position|origposition|waittime|info): removed from the queue by QueueWithdrawCaller */
  | { kind: 'withdraw'; position?: number; origPosition?: number; waitSec?: number }
  /** AGENTLOGIN, AGENTCALLBACKLOGIN, AGENTLOGOFF, AGENTCALLBACKLOGOFF, ADDMEMBER, REMOVEMEMBER, PAUSE, UNPAUSE, PAUSEALL, UNPAUSEALL */
  | { kind: 'member'; action: MemberAction; paused?: boolean; reason?: string }
  /** documented verbs with nothing for Obzor: QUEUESTART, CONFIGRELOAD, PENALTY */
  | { kind: 'info' }
  /** anything else (custom QueueLog() verbs, DID, vendor additions): counted, not fatal */
  | { kind: 'unknown' };

export interface QueueLogEntry {
  lineNo: number;
  /** the line's place in the whole log across rotations (default lineNo): events' `sourceSeq` */
  seq?: number;
  /** the line as read, without the line end */
  text: string;
  atMs: number;
  uniqueId: string;
  queue: string;
  agent: string;
  /** upper-cased */
  verb: string;
  data: readonly string[];
  record: QueueLogRecord;
}

export type ParsedLine =
  | { kind: 'blank' }
  | { kind: 'malformed'; reason: string }
  | { kind: 'entry'; entry: QueueLogEntry };

export interface ParseOptions {
  /** IANA zone for `YYYY-MM-DD HH:MM:SS` times (database exports); default UTC */
  timeZone?: string;
}

class Bad extends Error {}

const quote = (s: string) => JSON.stringify(s.length > 40 ? `${s.slice(0, 40)}…` : s);

/** a whole non-negative number in data field i (1-based in messages, as Asterisk documents them) */
function num(data: readonly string[], i: number, what: string, required: boolean): number | undefined {
  const raw = data[i]?.trim() ?? '';
  if (raw === '') {
    if (required) throw new Bad(`${what} (data${i + 1}): expected a whole number, got nothing`);
    return undefined;
  }
  if (!/^\d{1,12}$/.test(raw)) throw new Bad(`${what} (data${i + 1}): expected a whole number, got ${quote(raw)}`);
  return Number(raw);
}

const str = (data: readonly string[], i: number) => data[i]?.trim() ?? '';

/** drops undefined fields so records compare and serialise cleanly */
function compact<T extends object>(o: T): T {
  for (const k of Object.keys(o) as (keyof T)[]) if (o[k] === undefined) delete o[k];
  return o;
}

type Needs = 'call' | 'call+agent' | 'agent' | 'none';
interface VerbSpec {
  needs: Needs;
  build(data: readonly string[]): QueueLogRecord;
}

const exitLike = (reason: ExitReason) => (d: readonly string[]): QueueLogRecord =>
  compact({ kind: 'exit', reason, position: num(d, 0, 'position', false), origPosition: num(d, 1, 'origposition', false), waitSec: num(d, 2, 'waittime', false) });

const complete = (by: 'caller' | 'agent') => (d: readonly string[]): QueueLogRecord =>
  compact({ kind: 'complete', by, holdSec: num(d, 0, 'holdtime', true)!, talkSec: num(d, 1, 'calltime', true)!, origPosition: num(d, 2, 'origposition', false) });

const transfer = (how: 'transfer' | 'blind') => (d: readonly string[]): QueueLogRecord =>
  compact({ kind: 'transfer', how, target: str(d, 0), holdSec: num(d, 2, 'holdtime', false), talkSec: num(d, 3, 'calltime', false), origPosition: num(d, 4, 'origposition', false) });

const member = (action: MemberAction) => (d: readonly string[]): QueueLogRecord => {
  const extra = str(d, 0);
  if (action === 'add') return extra.toUpperCase() === 'PAUSED' ? { kind: 'member', action, paused: true } : { kind: 'member', action };
  if ((action === 'pause' || action === 'unpause' || action === 'pause_all') && extra) return { kind: 'member', action, reason: extra };
  return { kind: 'member', action };
};

const info = { needs: 'none', build: () => ({ kind: 'info' }) } as const satisfies VerbSpec;

/** the documented verb set (Asterisk "Queue Logs", plus AGENTCALLBACK* of 1.4 and PBXware) */
export const VERBS: Readonly<Record<string, VerbSpec>> = {
  ENTERQUEUE: {
    needs: 'call',
    build: (d) => compact({ kind: 'enter', url: str(d, 0), callerId: str(d, 1), position: num(d, 2, 'position', false) }),
  },
  RINGNOANSWER: { needs: 'call+agent', build: (d) => ({ kind: 'ring_no_answer', ringMs: num(d, 0, 'ringtime', false) ?? 0 }) },
  RINGCANCELED: { needs: 'call+agent', build: (d) => ({ kind: 'ring_canceled', ringMs: num(d, 0, 'ringtime', false) ?? 0 }) },
  CONNECT: {
    needs: 'call+agent',
    build: (d) => compact({ kind: 'connect', holdSec: num(d, 0, 'holdtime', true)!, bridgedId: str(d, 1), ringSec: num(d, 2, 'ringtime', false) }),
  },
  COMPLETECALLER: { needs: 'call+agent', build: complete('caller') },
  COMPLETEAGENT: { needs: 'call+agent', build: complete('agent') },
  TRANSFER: { needs: 'call+agent', build: transfer('transfer') },
  BLINDTRANSFER: { needs: 'call+agent', build: transfer('blind') },
  ATTENDEDTRANSFER: {
    needs: 'call+agent',
    // BRIDGE|<bridge>|hold|talk|pos, APP|<app>|hold|talk|pos, LINK|<chan>|<chan>|hold|talk|pos: the figures are always last
    build: (d) => {
      const tail = d.length >= 4 ? d.slice(-3) : [];
      return compact({
        kind: 'transfer',
        how: 'attended',
        target: str(d, 0),
        holdSec: num(tail, 0, 'holdtime', false),
        talkSec: num(tail, 1, 'calltime', false),
        origPosition: num(tail, 2, 'origposition', false),
      });
    },
  },
  ABANDON: { needs: 'call', build: exitLike('abandon') },
  EXITEMPTY: { needs: 'call', build: exitLike('empty') },
  EXITWITHTIMEOUT: { needs: 'call', build: exitLike('timeout') },
  EXITWITHKEY: {
    needs: 'call',
    build: (d) =>
      compact({
        kind: 'exit',
        reason: 'key',
        key: str(d, 0),
        position: num(d, 1, 'position', false),
        origPosition: num(d, 2, 'origposition', false),
        waitSec: num(d, 3, 'waittime', false),
      }),
  },
  SYSCOMPAT: { needs: 'call', build: () => ({ kind: 'exit', reason: 'syscompat' }) },
  AGENTDUMP: { needs: 'call', build: () => ({ kind: 'exit', reason: 'agentdump' }) },
  WITHDRAW: {
    needs: 'call',
    build: (d) => compact({ kind: 'withdraw', position: num(d, 0, 'position', false), origPosition: num(d, 1, 'origposition', false), waitSec: num(d, 2, 'waittime', false) }),
  },
  AGENTLOGIN: { needs: 'agent', build: member('login') },
  AGENTCALLBACKLOGIN: { needs: 'agent', build: member('login') },
  AGENTLOGOFF: { needs: 'agent', build: member('logoff') },
  AGENTCALLBACKLOGOFF: { needs: 'agent', build: member('logoff') },
  ADDMEMBER: { needs: 'agent', build: member('add') },
  REMOVEMEMBER: { needs: 'agent', build: member('remove') },
  PAUSE: { needs: 'agent', build: member('pause') },
  UNPAUSE: { needs: 'agent', build: member('unpause') },
  PAUSEALL: { needs: 'agent', build: member('pause_all') },
  UNPAUSEALL: { needs: 'agent', build: member('unpause_all') },
  QUEUESTART: info,
  CONFIGRELOAD: info,
  PENALTY: info,
};

const MIN_MS = Date.UTC(2000, 0, 1);
const MAX_MS = Date.UTC(2100, 0, 1);

function parseTime(raw: string, timeZone: string): number {
  const s = raw.trim();
  let ms: number;
  if (/^\d{9,11}(\.\d{1,9})?$/.test(s)) ms = Math.round(Number(s) * 1000);
  else if (/^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}:\d{2}(\.\d{1,9})?$/.test(s)) ms = DateTime.fromISO(s.replace(' ', 'T'), { zone: timeZone }).toMillis();
  else throw new Bad(`time: expected UNIX seconds or YYYY-MM-DD HH:MM:SS, got ${quote(s)}`);
  if (!Number.isFinite(ms) || ms < MIN_MS || ms >= MAX_MS) throw new Bad(`time: expected a date between 2000 and 2100, got ${quote(s)}`);
  return ms;
}

const isNone = (s: string) => s === '' || s.toUpperCase() === 'NONE';

export function parseQueueLogLine(line: string, lineNo = 0, opts: ParseOptions = {}): ParsedLine {
  const text = line.replace(/\r$/, '');
  if (text.trim() === '') return { kind: 'blank' };
  const fields = text.split('|');
  if (fields.length < 5) return { kind: 'malformed', reason: `expected at least 5 |-separated fields (time|uniqueid|queue|agent|verb), got ${fields.length}` };
  const [time, uniqueIdRaw, queueRaw, agentRaw, verbRaw, ...data] = fields as [string, string, string, string, string, ...string[]];
  try {
    const atMs = parseTime(time, opts.timeZone ?? 'UTC');
    const verb = verbRaw.trim().toUpperCase();
    if (!/^[A-Z][A-Z0-9_]{0,63}$/.test(verb)) throw new Bad(`verb: expected an upper-case word such as CONNECT, got ${quote(verbRaw)}`);
    const uniqueId = uniqueIdRaw.trim();
    const queue = queueRaw.trim();
    const agent = agentRaw.trim();
    const spec = VERBS[verb];
    let record: QueueLogRecord = { kind: 'unknown' };
    if (spec) {
      if (spec.needs === 'call' || spec.needs === 'call+agent') {
        if (isNone(uniqueId) || /^(MANAGER|REALTIME)$/i.test(uniqueId)) throw new Bad(`${verb} needs the caller's uniqueid, got ${quote(uniqueId)}`);
        if (isNone(queue)) throw new Bad(`${verb} needs a queue name, got ${quote(queue)}`);
      }
      if ((spec.needs === 'call+agent' || spec.needs === 'agent') && isNone(agent)) throw new Bad(`${verb} needs an agent, got ${quote(agent)}`);
      try {
        record = spec.build(data);
      } catch (e) {
        if (e instanceof Bad) throw new Bad(`${verb} ${e.message}`);
        throw e;
      }
    }
    return { kind: 'entry', entry: { lineNo, text, atMs, uniqueId, queue, agent, verb, data, record } };
  } catch (e) {
    if (e instanceof Bad) return { kind: 'malformed', reason: e.message };
    throw e;
  }
}
