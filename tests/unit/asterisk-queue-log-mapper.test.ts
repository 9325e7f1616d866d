import { describe, expect, it } from 'vitest';
import { ObzorEvent } from '../../shared/events.js';
import { parseQueueLogLine } from '../../server/adapters/asterisk/queue-log-line.js';
import { MemberDirectory } from '../../server/adapters/asterisk/member-directory.js';
import { QueueLogMapper, type QueueLogMapperOptions } from '../../server/adapters/asterisk/queue-log-mapper.js';

const SITE = 'yuzhno-sakhalinsk';

function mapper(opts: Partial<QueueLogMapperOptions> = {}) {
  const m = new QueueLogMapper({ site: SITE, ...opts });
  let n = 0;
  return (line: string) => {
    const p = parseQueueLogLine(line, ++n);
    if (p.kind !== 'entry') throw new Error(JSON.stringify(p));
    const r = m.map(p.entry);
    if (!r.ok) throw new Error(r.reason);
    for (const e of r.events) expect(ObzorEvent.safeParse(e).success).toBe(true);
    return r.events;
  };
}

const iso = (s: number) => new Date(s * 1000).toISOString();

describe('queue_log → events', () => {
  it('ENTERQUEUE → call.queued on the direct line unless configured', () => {
    const map = mapper({ queueMap: { '201': 'hotline' }, lineByQueue: { '201': 'hotline' } });
    expect(map('1546015415|1546015415.757927|201|NONE|ENTERQUEUE||+13238679471|1')).toEqual([
      { id: expect.stringMatching(/^ast:[0-9a-f]{24}:q$/), type: 'call.queued', at: iso(1546015415), site: SITE, sourceSeq: 1, callId: '1546015415.757927', queue: 'hotline', line: 'hotline' },
    ]);
    expect(mapper()('1546015415|1.5|IT|NONE|ENTERQUEUE||+1|1')[0]).toMatchObject({ queue: 'IT', line: 'direct' });
    // the caller's number is personal data: only on request
    expect(mapper()('1546015415|1.5|IT|NONE|ENTERQUEUE||+1555|1')[0]).not.toHaveProperty('client');
    expect(mapper({ includeCallerNumber: true })('1546015415|1.5|IT|NONE|ENTERQUEUE||+1555|1')[0]).toMatchObject({ client: { phone: '+1555' } });
  });

  it('RINGNOANSWER → call.offered at (time − ring ms) and call.ring_no_answer at time', () => {
    const [offered, rna] = mapper()('1543602687|1543602660.197|IT|Agent/1141|RINGNOANSWER|10000');
    expect(offered).toMatchObject({ type: 'call.offered', at: iso(1543602677), callId: '1543602660.197', agentId: '1141' });
    expect(rna).toMatchObject({ type: 'call.ring_no_answer', at: iso(1543602687), agentId: '1141' });
  });

  it('CONNECT → call.offered at (time − ring s), call.answered and the operator on a call', () => {
    const events = mapper()('1543602753|1543602660.197|IT|Agent/1127|CONNECT|76|1543602746.232|6');
    expect(events.map((e) => [e.type, e.at])).toEqual([
      ['call.offered', iso(1543602747)],
      ['call.answered', iso(1543602753)],
      ['agent.state', iso(1543602753)],
    ]);
    expect(events[2]).toMatchObject({ agentId: '1127', state: 'on_call' });
    expect(mapper({ agentCallStates: false })('1543602753|1543602660.197|IT|Agent/1127|CONNECT|76|1543602746.232|6')).toHaveLength(2);
  });

  it('ends, transfers and exits map to call.ended / call.abandoned', () => {
    const map = mapper();
    expect(map('1543603600|1543602660.197|IT|Agent/1127|COMPLETECALLER|76|847|1')[0]).toMatchObject({ type: 'call.ended', outcome: 'resolved' });
    expect(map('1543605087|1543604976.289|IT|Agent/1141|COMPLETEAGENT|5|60|1')[0]).toMatchObject({ type: 'call.ended', outcome: 'resolved' });
    expect(map('1543938963|1543938872.1743|IT|Agent/1128|BLINDTRANSFER|1142|transfer|6|38|1')[0]).toMatchObject({ type: 'call.ended', outcome: 'redirected' });
    expect(map('1543833653|1543833609.335|IT|Agent/1128|ATTENDEDTRANSFER|BRIDGE||6|30|1')[0]).toMatchObject({ type: 'call.ended', outcome: 'redirected' });
    for (const [verb, reason] of [
      ['ABANDON|1|1|45', 'caller'],
      ['EXITWITHTIMEOUT|1|1|300', 'timeout'],
      ['EXITEMPTY|1|1|3', 'exit_empty'],
      ['EXITWITHKEY|5|1|1|30', 'exit_key'],
      ['SYSCOMPAT|', 'dropped'],
      ['AGENTDUMP|', 'dropped'],
    ]) {
      expect(map(`1543852202|1543852000.1574|IT|NONE|${verb}`), verb).toEqual([expect.objectContaining({ type: 'call.abandoned', callId: '1543852000.1574', reason })]);
    }
    // withdrawn by the system (QueueWithdrawCaller) is not a caller abandon, on both feeds
    expect(map('1543852202|1543852000.1574|IT|NONE|WITHDRAW|1|1|20|callback')).toEqual([expect.objectContaining({ type: 'call.ended', outcome: 'redirected' })]);
    expect(map('1543527289|NONE|NONE|NONE|QUEUESTART|')).toEqual([]);
    expect(map('1546015415|1546015415.757927|201|NONE|DID|+15556667775')).toEqual([]);
  });

  it('follows agents through queues, pauses and calls', () => {
    const map = mapper();
    const state = (line: string) => {
      const e = map(line).find((x) => x.type === 'agent.state');
      return e && e.type === 'agent.state' ? [e.state, e.queues ?? []] : undefined;
    };
    expect(state('1000000000|NONE|hotline|PJSIP/102|ADDMEMBER|')).toEqual(['available', ['hotline']]);
    expect(state('1000000001|NONE|billing|PJSIP/102|ADDMEMBER|')).toEqual(['available', ['billing', 'hotline']]);
    expect(state('1000000002|NONE|NONE|PJSIP/102|PAUSEALL|')).toEqual(['paused', ['billing', 'hotline']]);
    // a call taken while paused (Asterisk lets a paused member finish one) ends back in pause
    expect(state('1000000003|1.1|hotline|PJSIP/102|CONNECT|5|1.2|3')).toEqual(['on_call', ['billing', 'hotline']]);
    expect(state('1000000100|1.1|hotline|PJSIP/102|COMPLETEAGENT|5|97|1')).toEqual(['paused', ['billing', 'hotline']]);
    expect(state('1000000200|NONE|NONE|PJSIP/102|UNPAUSEALL|')).toEqual(['available', ['billing', 'hotline']]);
    expect(state('1000000300|NONE|billing|PJSIP/102|REMOVEMEMBER|')).toEqual(['available', ['hotline']]);
    expect(state('1000000400|NONE|hotline|PJSIP/102|REMOVEMEMBER|')).toEqual(['offline', []]);
    expect(state('1000000500|NONE|hotline|Иван Петров|ADDMEMBER|PAUSED')).toEqual(['paused', ['hotline']]);
    expect(state('1000000600|NONE|NONE|Agent/103|AGENTLOGIN|SIP/103')).toEqual(['available', []]);
    expect(state('1000000700|NONE|NONE|Agent/103|AGENTLOGOFF|SIP/103|700')).toEqual(['offline', []]);
  });

  it('one operator, one id: a member name maps to the interface it pairs with (directory or agentMap)', () => {
    const names = new MemberDirectory([{ name: 'Иван Петров', iface: 'Local/1001@agents/n' }]);
    const map = mapper({ members: names });
    const agent = (line: string) => map(line).find((e) => e.type === 'agent.state')?.agentId;
    expect(agent('1796115563|MANAGER|hotline|Local/1001@agents/n|ADDMEMBER|')).toBe('1001');
    expect(agent('1796115599|1796115593.5|hotline|Иван Петров|CONNECT|5|1796115594.6|5')).toBe('1001');
    expect(agent('1796115803|NONE|hotline|Иван Петров|PAUSE|break')).toBe('1001');
    // not paired: the name's own id (docs: map it in agentMap, or log_membername_as_agent = yes)
    expect(agent('1796115803|NONE|hotline|Мария Смирнова|PAUSE|break')).toBe('mariia-smirnova');
    expect(mapper({ agentMap: { 'Мария Смирнова': '1002' } })('1796115803|NONE|hotline|Мария Смирнова|PAUSE|break')[0]).toMatchObject({ agentId: '1002' });
    // said once per name, so the duty view and the log can tell how to fix it
    const m1 = new QueueLogMapper({ site: SITE });
    const unpaired = (line: string, n: number) => {
      const p = parseQueueLogLine(line, n);
      return p.kind === 'entry' && (m1.map(p.entry) as { unpaired?: string }).unpaired;
    };
    expect(unpaired('1796115563|MANAGER|hotline|Local/1002@agents/n|ADDMEMBER|', 1)).toBeUndefined();
    expect(unpaired('1796115803|NONE|hotline|Мария Смирнова|PAUSE|break', 2)).toBe('Мария Смирнова');
    expect(unpaired('1796115963|NONE|hotline|Мария Смирнова|UNPAUSE|', 3)).toBeUndefined();
    // a build that logs the member name with ADDMEMBER teaches the pair itself
    const learnt = new MemberDirectory();
    const m2 = mapper({ members: learnt });
    m2('1796115563|MANAGER|billing|Local/1007@agents/n|ADDMEMBER|Олег Ким');
    expect(learnt.interfaceOf('Олег Ким')).toBe('Local/1007@agents/n');
    expect(m2('1796115803|NONE|billing|Олег Ким|PAUSE|break')[0]).toMatchObject({ agentId: '1007' });
  });

  it('QUEUESTART (the PBX started again) closes the calls it had in progress as reconciled, and frees their operators', () => {
    const map = mapper();
    map('1796116500|1.1|hotline|NONE|ENTERQUEUE||79140000001|1');
    map('1796116500|1.2|hotline|NONE|ENTERQUEUE||79140000002|2');
    map('1796116505|1.2|hotline|SIP/101|CONNECT|5|1.3|2');
    map('1796116500|1.4|hotline|NONE|ENTERQUEUE||79140000004|3');
    map('1796116510|1.4|hotline|NONE|ABANDON|1|3|10');
    const events = map('1796116613|NONE|NONE|NONE|QUEUESTART|');
    expect(events.map((e) => [e.type, 'callId' in e ? e.callId : 'agentId' in e ? e.agentId : '', e.type === 'call.ended' ? e.outcome : e.type === 'agent.state' ? e.state : ''])).toEqual([
      ['call.ended', '1.1', 'reconciled'],
      ['call.ended', '1.2', 'reconciled'],
      ['agent.state', '101', 'available'],
    ]);
    expect(map('1796116614|NONE|NONE|NONE|QUEUESTART|')).toEqual([]);
    expect(map('1796116263|NONE|NONE|NONE|CONFIGRELOAD|')).toEqual([]);
  });

  it('derives ids from site and line only: same line → same ids, another site → other ids', () => {
    const line = '1543602753|1543602660.197|IT|Agent/1127|CONNECT|76|1543602746.232|6';
    const a = mapper()(line).map((e) => e.id);
    expect(mapper()(line).map((e) => e.id)).toEqual(a);
    expect(new Set(a).size).toBe(3);
    expect(a.map((id) => id.split(':')[2])).toEqual(['o', 'a', 's']);
    expect(mapper({ site: 'kholmsk' })(line).map((e) => e.id)).not.toContain(a[0]);
    expect(mapper()(line.replace('|6', '|7')).map((e) => e.id)[1]).not.toBe(a[1]);
  });

  it('reports an event the contract would reject instead of emitting it', () => {
    const m = new QueueLogMapper({ site: 's'.repeat(65) });
    const p = parseQueueLogLine('1546015415|1.5|IT|NONE|ENTERQUEUE||+1|1', 3);
    if (p.kind !== 'entry') throw new Error('parse');
    const r = m.map(p.entry);
    expect(r.ok).toBe(false);
    expect(!r.ok && r.reason).toMatch(/^ENTERQUEUE maps to an invalid call.queued: site/);
  });
});
