import { describe, expect, it } from 'vitest';
import { parseQueueLogLine, type QueueLogEntry } from '../../server/adapters/asterisk/queue-log-line.js';
import { agentIdOf, callIdOf, queueIdOf, slugify, toEntityId } from '../../server/adapters/asterisk/entity-ids.js';

function entry(line: string): QueueLogEntry {
  const p = parseQueueLogLine(line, 7);
  if (p.kind !== 'entry') throw new Error(`expected an entry, got ${JSON.stringify(p)}`);
  return p.entry;
}

function reason(line: string): string {
  const p = parseQueueLogLine(line, 1);
  if (p.kind !== 'malformed') throw new Error(`expected malformed, got ${JSON.stringify(p)}`);
  return p.reason;
}

describe('queue_log line parser', () => {
  it('reads the envelope and the data fields of the documented example', () => {
    const e = entry('1366720340|1366720340.303267|MYQUEUE|SIP/8007|RINGNOANSWER|1000');
    expect(e).toMatchObject({ lineNo: 7, atMs: 1366720340_000, uniqueId: '1366720340.303267', queue: 'MYQUEUE', agent: 'SIP/8007', verb: 'RINGNOANSWER' });
    expect(e.record).toEqual({ kind: 'ring_no_answer', ringMs: 1000 });
  });

  it('types each verb family with its data fields', () => {
    expect(entry('1543602677|1543602660.197|IT|NONE|ENTERQUEUE||+15552711659|1').record).toEqual({ kind: 'enter', url: '', callerId: '+15552711659', position: 1 });
    expect(entry('1543602753|1543602660.197|IT|Agent/1127|CONNECT|76|1543602746.232|6').record).toEqual({ kind: 'connect', holdSec: 76, bridgedId: '1543602746.232', ringSec: 6 });
    // Asterisk 1.2 logged CONNECT without the ring time
    expect(entry('1100000000|1100000000.1|q|SIP/1|CONNECT|5|1100000000.2').record).toEqual({ kind: 'connect', holdSec: 5, bridgedId: '1100000000.2' });
    expect(entry('1543603600|1543602660.197|IT|Agent/1127|COMPLETECALLER|76|847|1').record).toEqual({ kind: 'complete', by: 'caller', holdSec: 76, talkSec: 847, origPosition: 1 });
    expect(entry('1543605087|1543604976.289|IT|Agent/1141|COMPLETEAGENT|5|60|1').record).toMatchObject({ kind: 'complete', by: 'agent', talkSec: 60 });
    expect(entry('1543852202|1543852000.1574|IT|NONE|ABANDON|1|1|191').record).toEqual({ kind: 'exit', reason: 'abandon', position: 1, origPosition: 1, waitSec: 191 });
    expect(entry('1543860763|1543860451.3324|IT|NONE|EXITWITHTIMEOUT|1|2|300').record).toEqual({ kind: 'exit', reason: 'timeout', position: 1, origPosition: 2, waitSec: 300 });
    expect(entry('1543860763|1543860451.3324|IT|NONE|EXITEMPTY|1|1|3').record).toMatchObject({ kind: 'exit', reason: 'empty', waitSec: 3 });
    expect(entry('1543860763|1543860451.3324|IT|NONE|EXITWITHKEY|5|1|1|30').record).toEqual({ kind: 'exit', reason: 'key', key: '5', position: 1, origPosition: 1, waitSec: 30 });
    // older Asterisk: EXITWITHKEY(key|position) only
    expect(entry('1543860763|1543860451.3324|IT|NONE|EXITWITHKEY|5|1').record).toEqual({ kind: 'exit', reason: 'key', key: '5', position: 1 });
    expect(entry('1543938963|1543938872.1743|IT|Agent/1128|BLINDTRANSFER|1142|transfer|6|38|1').record).toEqual({ kind: 'transfer', how: 'blind', target: '1142', holdSec: 6, talkSec: 38, origPosition: 1 });
    expect(entry('1543833653|1543833609.335|IT|Agent/1128|ATTENDEDTRANSFER|BRIDGE||6|30|1').record).toEqual({ kind: 'transfer', how: 'attended', target: 'BRIDGE', holdSec: 6, talkSec: 30, origPosition: 1 });
    // LINK carries two channel names: the figures are still the last three fields
    expect(entry('1543833653|1543833609.335|IT|SIP/1|ATTENDEDTRANSFER|LINK|SIP/1-0001|SIP/2-0002|6|30|1').record).toMatchObject({ holdSec: 6, talkSec: 30, origPosition: 1 });
    expect(entry('1543598990|1543598985.25|IT|Local/1127@callback-agent|ADDMEMBER|').record).toEqual({ kind: 'member', action: 'add' });
    expect(entry('1543598990|NONE|IT|SIP/1|ADDMEMBER|PAUSED').record).toEqual({ kind: 'member', action: 'add', paused: true });
    expect(entry('1543598990|NONE|IT|SIP/1|PAUSE|lunch').record).toEqual({ kind: 'member', action: 'pause', reason: 'lunch' });
    expect(entry('1543598990|NONE|NONE|SIP/1|PAUSEALL|').record).toEqual({ kind: 'member', action: 'pause_all' });
    expect(entry('1543625964|1543625961.49|NONE|Agent/1141|AGENTCALLBACKLOGOFF|hint:1141@default|25195').record).toEqual({ kind: 'member', action: 'logoff' });
    expect(entry('1543527289|NONE|NONE|NONE|QUEUESTART|').record).toEqual({ kind: 'info' });
    expect(entry('1546015415|1546015415.757927|201|NONE|DID|+15556667775').record).toEqual({ kind: 'unknown' });
  });

  it('accepts CRLF, fractional epochs and database datetimes in the configured zone', () => {
    expect(entry('1366720340|1.1|q|SIP/1|RINGNOANSWER|0\r').text).toBe('1366720340|1.1|q|SIP/1|RINGNOANSWER|0');
    expect(entry('1366720340.25|1.1|q|SIP/1|RINGNOANSWER|0').atMs).toBe(1366720340_250);
    const p = parseQueueLogLine('2012-07-03 15:27:23.896208|1341343640.4|NONE|Agent/3001|AGENTCALLBACKLOGIN|1002@pcm-dev', 1, { timeZone: 'Asia/Sakhalin' });
    expect(p.kind === 'entry' && new Date(p.entry.atMs).toISOString()).toBe('2012-07-03T04:27:23.896Z');
  });

  it('says why a line is malformed', () => {
    expect(parseQueueLogLine('', 1)).toEqual({ kind: 'blank' });
    expect(parseQueueLogLine('   \r', 1)).toEqual({ kind: 'blank' });
    expect(reason('garbage')).toMatch(/at least 5 \|-separated fields.*got 1/);
    expect(reason('x|1.1|q|SIP/1|CONNECT|1|2|3')).toMatch(/^time: expected UNIX seconds/);
    expect(reason('99|1.1|q|SIP/1|CONNECT|1|2|3')).toMatch(/^time/);
    expect(reason('1366720340|1.1|q|SIP/1|connect me|1')).toMatch(/^verb/);
    expect(reason('1366720340|1.1|q|SIP/1|CONNECT|abc|2|3')).toBe('CONNECT holdtime (data1): expected a whole number, got "abc"');
    expect(reason('1366720340|1.1|q|SIP/1|COMPLETEAGENT|5')).toBe('COMPLETEAGENT calltime (data2): expected a whole number, got nothing');
    expect(reason('1366720340|NONE|q|NONE|ABANDON|1|1|5')).toBe('ABANDON needs the caller\'s uniqueid, got "NONE"');
    expect(reason('1366720340|1.1|NONE|NONE|ENTERQUEUE||x|1')).toBe('ENTERQUEUE needs a queue name, got "NONE"');
    expect(reason('1366720340|1.1|q|NONE|CONNECT|1|2|3')).toBe('CONNECT needs an agent, got "NONE"');
    expect(reason('1366720340|1.1|q|SIP/1|RINGNOANSWER|-5')).toMatch(/ringtime/);
  });
});

describe('Asterisk names → entity ids', () => {
  it('gives one id to every form of the same operator', () => {
    for (const form of ['Agent/1127', 'Local/1127@callback-agent', 'Local/1127@from-queue/n', 'SIP/1127', 'PJSIP/1127', 'PJSIP/1127-0000002a', 'IAX2/1127', 'hint:1127@default', '1127']) {
      expect(agentIdOf(form), form).toBe('1127');
    }
  });

  it('slugifies display names, transliterating Cyrillic', () => {
    expect(agentIdOf('Paty Marin')).toBe('paty-marin');
    expect(agentIdOf('Tania Lissete Flores Zavala')).toBe('tania-lissete-flores-zavala');
    expect(agentIdOf('Иван Петров')).toBe('ivan-petrov');
    expect(agentIdOf('Щукина Юлия')).toBe('shchukina-iuliia');
    expect(slugify('José  Núñez!')).toBe('jose-nunez');
    expect(toEntityId('日本')).toMatch(/^x-[0-9a-f]{12}$/);
  });

  it('uses the configured maps first and knows NONE is nobody', () => {
    expect(agentIdOf('NONE')).toBeUndefined();
    expect(agentIdOf('')).toBeUndefined();
    expect(agentIdOf('SIP/101', { 'SIP/101': 'op-7' })).toBe('op-7');
    expect(queueIdOf('Линия 1', { 'Линия 1': 'hotline' })).toBe('hotline');
    expect(queueIdOf('Sales Team')).toBe('sales-team');
    expect(callIdOf('1543602660.197')).toBe('1543602660.197');
    expect(callIdOf('1543602660.197', 'pbx1-')).toBe('pbx1-1543602660.197');
    expect(callIdOf('NONE')).toBeUndefined();
  });
});
