import { describe, expect, it } from 'vitest';
import { AmiFramer, formatAction, type AmiFrame } from '../../server/adapters/asterisk/ami-framing.js';

const STREAM =
  'Asterisk Call Manager/5.0.1\r\n' +
  'Response: Success\r\nActionID: obzor-login-1\r\nMessage: Authentication accepted\r\n\r\n' +
  'Event: QueueCallerJoin\r\nPrivilege: agent,all\r\nUniqueID: 1794953098.101\r\nQueue: hotline\r\nCallerIDName: Иван: дом\r\nPausedReason: \r\n\r\n';

function framesOf(pieces: string[]): AmiFrame[] {
  const f = new AmiFramer();
  return pieces.flatMap((p) => f.push(p));
}

describe('AMI framing', () => {
  it('reads the banner, then Key: Value messages ended by an empty line', () => {
    expect(framesOf([STREAM])).toEqual([
      { kind: 'banner', text: 'Asterisk Call Manager/5.0.1', version: '5.0.1' },
      { kind: 'message', message: { fields: { response: 'Success', actionid: 'obzor-login-1', message: 'Authentication accepted' } } },
      {
        kind: 'message',
        message: { fields: { event: 'QueueCallerJoin', privilege: 'agent,all', uniqueid: '1794953098.101', queue: 'hotline', calleridname: 'Иван: дом', pausedreason: '' } },
      },
    ]);
  });

  it('gives the same frames however the bytes are cut, even between CR and LF', () => {
    const whole = framesOf([STREAM]);
    for (let i = 1; i < STREAM.length; i++) expect(framesOf([STREAM.slice(0, i), STREAM.slice(i)]), `cut at ${i}`).toEqual(whole);
    expect(framesOf(STREAM.split(''))).toEqual(whole);
  });

  it('tolerates bare LF and a server without banner', () => {
    expect(framesOf([STREAM.replace(/\r\n/g, '\n')])).toEqual(framesOf([STREAM]));
    expect(framesOf(['Event: FullyBooted\nStatus: Fully Booted\n\n'])).toEqual([{ kind: 'message', message: { fields: { event: 'FullyBooted', status: 'Fully Booted' } } }]);
  });

  it('holds a message cut by a disconnect, and forgets it on reset', () => {
    const f = new AmiFramer();
    expect(f.push('Asterisk Call Manager/2.10.4\r\nEvent: AgentConnect\r\nUniqueid: 1.1\r\nQueue: ho')).toHaveLength(1);
    expect(f.midMessage).toBe(true);
    f.reset();
    expect(f.push('Asterisk Call Manager/2.10.4\r\nEvent: Hangup\r\n\r\n').map((x) => x.kind)).toEqual(['banner', 'message']);
  });

  it('formats actions and refuses line breaks that would inject fields', () => {
    expect(formatAction({ Action: 'Login', ActionID: 'a1', Username: 'obzor', Secret: 's3cret', Events: 'on' })).toBe(
      'Action: Login\r\nActionID: a1\r\nUsername: obzor\r\nSecret: s3cret\r\nEvents: on\r\n\r\n',
    );
    expect(() => formatAction({ Action: 'Login', Secret: 'x\r\nAction: Originate' })).toThrow(/Secret contains a line break/);
    expect(() => formatAction({ Action: 'Login', Secret: 'x\r\nAction: Originate' })).not.toThrow(/Originate/);
    expect(() => formatAction({ 'Bad Key': 'v' })).toThrow(/plain word/);
  });
});
