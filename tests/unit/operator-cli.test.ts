/**
 * The pure parts of the operator's CLI (server/cli/): option parsing and its messages, help
 * texts, the dispatcher without Redis, time zone names, the rebuild guard's decision, the Redis
 * and file messages, the import's period, and the password asked twice.
 */
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { askNewPassword, readPasswordFromStdin } from '../../server/cli/ask-password.js';
import { closestNames } from '../../server/cli/closest-names.js';
import { commandHelp, overviewHelp, parseCommand, wantsHelp } from '../../server/cli/cli-command.js';
import { checkSites, redisUnreachableMessage } from '../../server/cli/cli-context.js';
import { CliError, EXIT } from '../../server/cli/cli-errors.js';
import { importPeriod } from '../../server/cli/import-period.js';
import { COMMANDS, runObzor, type ObzorIo } from '../../server/cli/obzor-commands.js';
import { ingestingReason, RECENT_LOG_MS } from '../../server/cli/rebuild-guard.js';
import { timeZoneName } from '../../server/cli/time-zone-name.js';
import { cannotRead } from '../../server/file-problem.js';

const OPTIONS = { name: { type: 'string', help: 'a name' }, hmac: { type: 'boolean', help: 'a flag' } } as const;

function usageMessage(argv: string[], positionals = false): string {
  try {
    parseCommand('source:add', OPTIONS, argv, positionals);
  } catch (e) {
    expect(e).toBeInstanceOf(CliError);
    expect((e as CliError).exitCode).toBe(EXIT.usage);
    return (e as Error).message;
  }
  throw new Error('parsed');
}

describe('parseCommand', () => {
  it('parses the options it knows', () => {
    expect(parseCommand('source:add', OPTIONS, ['--name', 'pbx-1', '--hmac']).values).toEqual({ name: 'pbx-1', hmac: true });
    expect(parseCommand('x', OPTIONS, ['file', '--name=a'], true)).toEqual({ values: { name: 'a' }, positionals: ['file'] });
  });

  it('names a bad option and where the help is, in one line', () => {
    expect(usageMessage(['--foo'])).toBe('source:add: unknown option --foo; see npm run obzor -- source:add --help');
    expect(usageMessage(['-x'])).toBe('source:add: unknown option -x; see npm run obzor -- source:add --help');
    expect(usageMessage(['--name'])).toBe('source:add: --name needs a value; see npm run obzor -- source:add --help');
    expect(usageMessage(['--hmac=yes'])).toBe('source:add: --hmac takes no value; see npm run obzor -- source:add --help');
    expect(usageMessage(['stray'])).toBe('source:add: unexpected argument "stray"; see npm run obzor -- source:add --help');
    expect(usageMessage(['--name', '--hmac'])).toMatch(/^source:add: --name needs a value \(a value starting with "-" is written --name=-…\); see /);
  });

  it('sees --help before a --', () => {
    expect(wantsHelp(['--name', 'x', '--help'])).toBe(true);
    expect(wantsHelp(['-h'])).toBe(true);
    expect(wantsHelp(['--', '--help'])).toBe(false);
    expect(wantsHelp(['--name', 'x'])).toBe(false);
  });
});

describe('help', () => {
  it('lists every command in one line each', () => {
    const text = overviewHelp(COMMANDS);
    for (const c of COMMANDS) expect(text).toMatch(new RegExp(`^  ${c.name} +\\S.*$`, 'm'));
    expect(text).toMatch(/^ {2}help \[command\] +/m);
    expect(text).toMatch(/Exit codes: 0 done, 1 failed while running, 2 bad usage or input, 3 Redis not reachable, 4 refused/);
  });

  it("gives each command's usage, every option, an example and the exit codes", () => {
    for (const c of COMMANDS) {
      const text = commandHelp(c);
      expect(text.startsWith(`Usage: npm run obzor -- ${c.name}`)).toBe(true);
      for (const name of Object.keys(c.options)) expect(text).toMatch(new RegExp(`^  --${name}\\b`, 'm'));
      expect(text).toMatch(/^ {2}-h, --help +this help$/m);
      expect(text).toMatch(new RegExp(`^Examples?:\\n  npm run obzor -- ${c.name}`, 'm'));
      expect(text).toMatch(/^Exit codes: 0 done/m);
      expect(text.includes('4 refused')).toBe(c.name === 'rebuild');
    }
  });
});

function fakeIo(): ObzorIo & { outLines: string[]; errLines: string[] } {
  const outLines: string[] = [];
  const errLines: string[] = [];
  return {
    env: {},
    stdin: new PassThrough(),
    stdout: new PassThrough(),
    stderr: new PassThrough(),
    out: (l) => void outLines.push(l),
    err: (l) => void errLines.push(l),
    outLines,
    errLines,
  };
}

describe('runObzor (no Redis needed)', () => {
  it('--help, help and help <command> print help and end 0', async () => {
    for (const argv of [['--help'], ['-h'], ['help'], ['help', 'rebuild'], ['rebuild', '--help'], ['display:add', '--name', 'x', '-h']]) {
      const io = fakeIo();
      expect(await runObzor(argv, io)).toBe(0);
      expect(io.errLines).toEqual([]);
      expect(io.outLines.join('\n')).toMatch(/^Usage: npm run obzor -- /);
    }
  });

  it('a missing or unknown command is one line and exit 2, with the nearest name', async () => {
    const cases: [string[], RegExp][] = [
      [[], /^obzor: which command\? user:add, source:add, display:add, rebuild, import:queue-log, rollups:backfill, help; see npm run obzor -- --help$/],
      [['useradd'], /^obzor: unknown command "useradd" \(did you mean user:add\?\); the commands: .*; see npm run obzor -- --help$/],
      [['--foo'], /^obzor: unknown option --foo: the command comes first; see npm run obzor -- --help$/],
      [['help', 'nope'], /^obzor: unknown command "nope"; /],
    ];
    for (const [argv, line] of cases) {
      const io = fakeIo();
      expect(await runObzor(argv, io)).toBe(EXIT.usage);
      expect(io.errLines).toHaveLength(1);
      expect(io.errLines[0]).toMatch(line);
      expect(io.outLines).toEqual([]);
    }
  });

  it('a bad option of a command is refused before anything is read or connected', async () => {
    const io = fakeIo();
    expect(await runObzor(['display:add', '--foo'], io)).toBe(EXIT.usage);
    expect(io.errLines).toEqual(['display:add: unknown option --foo; see npm run obzor -- display:add --help']);
  });
});

describe('time zone names', () => {
  it('takes IANA names (any case) and the aliases Intl knows, in their canonical spelling', () => {
    expect(timeZoneName('Asia/Sakhalin')).toEqual({ zone: 'Asia/Sakhalin' });
    expect(timeZoneName('asia/sakhalin')).toEqual({ zone: 'Asia/Sakhalin' });
    expect(timeZoneName('UTC')).toEqual({ zone: 'UTC' });
    expect(timeZoneName('Etc/GMT-11')).toHaveProperty('zone');
  });

  it('refuses anything else, with the nearest names', () => {
    expect(timeZoneName('Asia/Sakalin')).toEqual({ error: 'unknown time zone "Asia/Sakalin" (did you mean Asia/Sakhalin?): expected an IANA name such as Asia/Sakhalin or Europe/Moscow' });
    for (const bad of ['Mars/Olympus', '+11:00', 'MSK+8', '', 'Asia/ Sakhalin']) expect(timeZoneName(bad)).toHaveProperty('error');
  });

  it('suggests only the nearest names, and none when nothing is near', () => {
    expect(closestNames('kholmk', ['kholmsk', 'yuzhno-sakhalinsk'])).toEqual(['kholmsk']);
    expect(closestNames('zzzz', ['kholmsk', 'yuzhno-sakhalinsk'])).toEqual([]);
  });
});

describe('unknown sites', () => {
  const config = { sites: [{ id: 'yuzhno-sakhalinsk' }, { id: 'kholmsk' }] } as never;
  it('names the known ones', () => {
    expect(() => checkSites('display:add', '--sites', ['kholmsk'], config)).not.toThrow();
    expect(() => checkSites('display:add', '--sites', ['kholmk'], config)).toThrow(
      'display:add: --sites: unknown site "kholmk" (did you mean kholmsk?); the known sites: yuzhno-sakhalinsk, kholmsk (OBZOR_SITES_FILE)',
    );
    expect(() => checkSites('user:add', '--sites', ['a', 'b'], config)).toThrow('user:add: --sites: unknown sites "a", "b"; the known sites: yuzhno-sakhalinsk, kholmsk (OBZOR_SITES_FILE)');
  });
});

describe('rebuild guard', () => {
  const now = 1_800_000_000_000;
  const signs = { leaseTtlMs: -2, leaseKey: 'obzor:push:leader', lastLogged: [], nowMs: now };
  it('refuses while a node holds the push lease', () => {
    expect(ingestingReason({ ...signs, leaseTtlMs: 900 })?.what).toBe('a server is running on this Redis (it holds the push lease obzor:push:leader)');
  });
  it('refuses while a site\'s log was written within the last seconds, naming it', () => {
    const r = ingestingReason({ ...signs, lastLogged: [{ site: 'kholmsk', atMs: now - 3000 }, { site: 'yuzhno-sakhalinsk', atMs: now - 60_000 }] });
    expect(r?.what).toBe('the event log of kholmsk was written 3 s ago: an import or a server is still ingesting');
  });
  it('lets it run when no lease is held and the logs are quiet', () => {
    expect(ingestingReason(signs)).toBeUndefined();
    expect(ingestingReason({ ...signs, lastLogged: [{ site: 'kholmsk', atMs: now - RECENT_LOG_MS }] })).toBeUndefined();
  });
});

describe('messages', () => {
  const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:6379'), { code: 'ECONNREFUSED' });
  it('Redis not reachable: where the URL came from, without its password, and the fix', () => {
    expect(redisUnreachableMessage('rebuild', { redisUrl: 'redis://:s3cret@10.0.0.5:6379', redisUrlFromEnv: true }, refused)).toBe(
      'rebuild: cannot reach Redis at redis://:***@10.0.0.5:6379 (REDIS_URL): ECONNREFUSED — is it running?',
    );
    const unset = redisUnreachableMessage('user:add', { redisUrl: 'redis://127.0.0.1:6379', redisUrlFromEnv: false }, refused);
    expect(unset).toMatch(/^user:add: cannot reach Redis at redis:\/\/127\.0\.0\.1:6379 \(the default: REDIS_URL is unset\): ECONNREFUSED — is it running\? The commands need a shared Redis, in REDIS_URL or on 127\.0\.0\.1:6379; /);
    expect(unset).not.toMatch(/\n/);
    expect(redisUnreachableMessage('rebuild', { redisUrl: 'redis://:x@h:1', redisUrlFromEnv: true }, new Error('WRONGPASS invalid username-password pair'))).toMatch(/refused the password: put the right one in REDIS_URL/);
    expect(redisUnreachableMessage('rebuild', { redisUrl: 'redis://h:1', redisUrlFromEnv: true }, new Error('NOAUTH Authentication required.'))).toMatch(/wants a password: put it in REDIS_URL/);
  });

  it('a file that cannot be read: why, and what to do', () => {
    const err = (code: string) => Object.assign(new Error(code), { code });
    expect(cannotRead('/x/queue_log', err('ENOENT'))).toBe('cannot read /x/queue_log: no such file — check the path');
    expect(cannotRead('/x', err('EACCES'))).toMatch(/^cannot read \/x: permission denied — /);
    expect(cannotRead('/x', err('EISDIR'))).toMatch(/^cannot read \/x: it is a directory — /);
    expect(cannotRead('/x', new SyntaxError('Unexpected token'))).toBe('cannot read /x: Unexpected token');
  });

  it("the import's period in the site's time zone", () => {
    expect(importPeriod('2026-11-25T08:58:03.000Z', '2026-11-25T09:20:11.000Z', 'Asia/Sakhalin')).toBe('2026-11-25 19:58:03 +11:00 … 2026-11-25 20:20:11 +11:00 (Asia/Sakhalin)');
    expect(importPeriod('2026-07-01T00:00:00.000Z', '2026-12-01T00:00:00.000Z', 'Europe/Berlin')).toBe('2026-07-01 02:00:00 +02:00 … 2026-12-01 01:00:00 +01:00 (Europe/Berlin)');
    expect(importPeriod(null, null, 'UTC')).toBe('—');
  });
});

describe('a new password', () => {
  function terminal(lines: string[]) {
    const input = new PassThrough();
    const output = new PassThrough();
    let shown = '';
    output.on('data', (d: Buffer) => (shown += d.toString()));
    // typed one line at a time, each once its prompt is shown
    let next = 0;
    output.on('data', (d: Buffer) => {
      if (/: $/.test(d.toString()) && next < lines.length) setImmediate(() => input.write(`${lines[next++]}\r`));
    });
    return { io: { input, output }, shown: () => shown };
  }

  it('is asked twice with the typing hidden', async () => {
    const t = terminal(['correct horse battery', 'correct horse battery']);
    await expect(askNewPassword('user:add', t.io, 12)).resolves.toBe('correct horse battery');
    expect(t.shown()).toMatch(/Password \(12\+ characters\): /);
    expect(t.shown()).toMatch(/The same password again: /);
    expect(t.shown()).not.toMatch(/horse/);
  });

  it('two different answers, or a short one, create nothing (exit 2)', async () => {
    await expect(askNewPassword('user:add', terminal(['correct horse battery', 'correct horse batterY']).io, 12)).rejects.toMatchObject({
      message: 'user:add: the two passwords differ; nothing was created',
      exitCode: EXIT.usage,
    });
    await expect(askNewPassword('user:add', terminal(['short']).io, 12)).rejects.toMatchObject({ exitCode: EXIT.usage, message: expect.stringMatching(/has 5 characters, at least 12/) });
  });

  it('an end of input while asking cancels', async () => {
    const input = new PassThrough();
    const output = new PassThrough();
    output.once('data', () => setImmediate(() => input.end()));
    await expect(askNewPassword('user:add', { input, output }, 12)).rejects.toMatchObject({ exitCode: EXIT.failed, message: 'user:add: cancelled; nothing was created' });
  });

  it('from stdin: all of it, without the line end', async () => {
    const input = new PassThrough();
    input.end('correct horse battery\n');
    await expect(readPasswordFromStdin(input)).resolves.toBe('correct horse battery');
  });
});
