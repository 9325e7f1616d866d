/**
 * The AMI client against a scripted Asterisk on 127.0.0.1: real protocol (banner, Login with
 * ActionID, CRLF messages), bytes split across TCP packets, a disconnect in the middle of an
 * event, a refused login, a silent server, a failing sink.
 */
import { readFileSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { inspect } from 'node:util';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import type { ObzorEvent } from '../../shared/events.js';
import { AmiClient, type AmiClientOptions, type AmiNotice, type AmiStatusReport } from '../../server/adapters/asterisk/ami-client.js';
import { AmiFramer, type AmiMessage } from '../../server/adapters/asterisk/ami-framing.js';
import { AmiMapper } from '../../server/adapters/asterisk/ami-mapper.js';

const SITE = 'yuzhno-sakhalinsk';
const SECRET = 'Sekr3t-do-not-log-7f3a';
const SESSION = readFileSync(fileURLToPath(new URL('../fixtures/asterisk/ami-session.txt', import.meta.url)), 'utf8').replace(/\n/g, '\r\n');
/** the recorded session as wire messages, each ending with its empty line */
const WIRE = SESSION.split('\r\n\r\n').filter(Boolean).map((m) => `${m}\r\n\r\n`);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface Conn {
  socket: Socket;
  actions: AmiMessage[];
  /** resolves with the next action the client sends */
  next(): Promise<AmiMessage>;
}

/** a TCP server speaking AMI; `script` drives each accepted connection */
async function scriptedAsterisk(script: (c: Conn, n: number) => Promise<void>) {
  const conns: Conn[] = [];
  const server: Server = createServer((socket) => {
    socket.setNoDelay(true);
    const framer = new AmiFramer();
    const waiting: ((m: AmiMessage) => void)[] = [];
    const queued: AmiMessage[] = [];
    const c: Conn = {
      socket,
      actions: [],
      next: () => new Promise((r) => (queued.length ? r(queued.shift()!) : waiting.push(r))),
    };
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => {
      for (const f of framer.push(chunk)) {
        if (f.kind !== 'message') continue;
        c.actions.push(f.message);
        const w = waiting.shift();
        if (w) w(f.message);
        else queued.push(f.message);
      }
    });
    socket.on('error', () => undefined);
    conns.push(c);
    void script(c, conns.length).catch(() => socket.destroy());
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as { port: number }).port;
  return { port, conns, close: () => new Promise<void>((r) => server.close(() => r())) };
}

/** writes text in pieces of the given sizes, each its own TCP packet */
async function inPieces(socket: Socket, text: string, sizes = [1, 7, 13, 64, 3]): Promise<void> {
  let i = 0;
  let k = 0;
  while (i < text.length) {
    const n = sizes[k++ % sizes.length]!;
    socket.write(text.slice(i, i + n));
    i += n;
    await sleep(1);
  }
}

/** banner (split in two packets) + login; answers with `response` */
async function handshake(c: Conn, response: 'Success' | 'Error' = 'Success'): Promise<AmiMessage> {
  c.socket.write('Asterisk Call Man');
  await sleep(5);
  c.socket.write('ager/5.0.1\r\n');
  const login = await c.next();
  const message = response === 'Success' ? 'Authentication accepted' : 'Authentication failed';
  c.socket.write(`Response: ${response}\r\nActionID: ${login.fields.actionid}\r\nMessage: ${message}\r\n\r\n`);
  return login;
}

const clients: AmiClient[] = [];
const servers: { close(): Promise<void> }[] = [];
afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.stop()));
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

function client(port: number, extra: Partial<AmiClientOptions> = {}) {
  const events: ObzorEvent[] = [];
  const statuses: AmiStatusReport[] = [];
  const notices: AmiNotice[] = [];
  const logs: string[] = [];
  const log = (level: string) => (obj: object, msg: string) => logs.push(JSON.stringify({ level, ...obj, msg }));
  const c = new AmiClient({
    site: SITE,
    host: '127.0.0.1',
    port,
    username: 'obzor',
    secret: SECRET,
    sink: async (batch) => void events.push(...batch),
    backoff: { initialMs: 30, maxMs: 200, jitter: 0 },
    pingIntervalMs: 0,
    tickMs: 20,
    // the reconciliation after login has its own tests below
    reconcile: false,
    logger: { info: log('info'), warn: log('warn'), debug: log('debug') },
    ...extra,
  });
  c.on('status', (s) => statuses.push(s));
  c.on('notice', (n) => notices.push(n));
  clients.push(c);
  return { c, events, statuses, notices, logs };
}

describe('AMI client against a scripted Asterisk', () => {
  it('logs in, maps events split across packets, survives a disconnect mid-event and reconnects', async () => {
    const cut = WIRE.findIndex((m) => m.startsWith('Event: AgentConnect'));
    const half = WIRE[cut]!.slice(0, 90);
    const ast = await scriptedAsterisk(async (c, n) => {
      await handshake(c);
      if (n === 1) {
        await inPieces(c.socket, WIRE.slice(0, cut).join('') + half);
        await sleep(20);
        c.socket.destroy(); // Asterisk restarts in the middle of an event
      } else {
        await inPieces(c.socket, WIRE.slice(cut).join(''), [5, 200, 1, 31]);
      }
    });
    servers.push(ast);
    let clock = Date.parse('2026-11-17T22:00:00Z');
    const { c, events, statuses, logs, notices } = client(ast.port, { now: () => clock });
    c.start();

    // 14 mapped, less B's abandon, which waits for its reason (none in this session) for 2 s of our clock
    await expect.poll(() => events.length, { timeout: 5000 }).toBe(13);
    expect(statuses.map((s) => s.status)).toEqual(['connected', 'disconnected', 'connected']);
    expect(statuses[0]).toMatchObject({ version: '5.0.1' });
    expect(statuses[1]).toMatchObject({ retryInMs: 30 });
    expect(c.status).toBe('connected');

    // every message of both connections read (the two login answers, the whole session, not the cut
    // half) before our clock moves on: a message read after the move would start its grace late
    await expect.poll(() => c.counters.messages, { timeout: 5000 }).toBe(WIRE.length + 2);
    // B's abandon, and the caller who left the queue without an answer, once the graces have passed
    clock += 31_000;
    await expect.poll(() => events.length, { timeout: 2000 }).toBe(15);

    // exactly what the mapper gives for the whole recorded session: nothing lost, the cut event not half-read
    const reference = new AmiMapper({ site: SITE });
    const wanted = new AmiFramer().push(SESSION).flatMap((f) => (f.kind === 'message' ? reference.map(f.message, 0).events : []));
    wanted.push(...reference.tick(clock));
    expect(events).toEqual(wanted);

    const login = ast.conns[0]!.actions[0]!.fields;
    expect(login).toEqual({ action: 'Login', actionid: expect.stringMatching(/^obzor-login-\d+$/), username: 'obzor', secret: SECRET, events: 'on' });
    expect(c.counters).toMatchObject({ connects: 2, ignored: { FullyBooted: 1, Newchannel: 1 } });

    await c.stop();
    expect(ast.conns[1]!.actions.map((a) => a.fields.action)).toEqual(['Login', 'Logoff']);
    const everything = JSON.stringify({ logs, statuses, notices, counters: c.counters }) + inspect(c, { depth: 5 }) + JSON.stringify(c);
    expect(everything).not.toContain(SECRET);
    expect(logs.some((l) => l.includes('AMI connected') && l.includes('"username":"obzor"'))).toBe(true);
  });

  it('reports a refused login as disconnected, without the secret, and keeps retrying with backoff', async () => {
    const ast = await scriptedAsterisk(async (c) => {
      await handshake(c, 'Error');
      c.socket.end();
    });
    servers.push(ast);
    const { c, statuses, logs } = client(ast.port);
    c.start();
    await expect.poll(() => ast.conns.length, { timeout: 3000 }).toBeGreaterThanOrEqual(3);
    expect(statuses[0]).toMatchObject({ status: 'disconnected', reason: 'login refused: Authentication failed', retryInMs: 30 });
    expect(statuses[1]).toMatchObject({ status: 'disconnected', retryInMs: 60 });
    expect(statuses.every((s) => s.status === 'disconnected')).toBe(true);
    await c.stop();
    expect(JSON.stringify({ logs, statuses }) + inspect(c)).not.toContain(SECRET);
  });

  it('drops a connection whose server stops answering Ping, then reconnects', async () => {
    const ast = await scriptedAsterisk(async (c) => {
      await handshake(c); // then silence: Ping is never answered
    });
    servers.push(ast);
    const { c, statuses } = client(ast.port, { pingIntervalMs: 40 });
    c.start();
    await expect.poll(() => ast.conns.length, { timeout: 3000 }).toBeGreaterThanOrEqual(2);
    expect(ast.conns[0]!.actions.map((a) => a.fields.action)).toEqual(['Login', 'Ping']);
    expect(statuses.find((s) => s.status === 'disconnected')).toMatchObject({ reason: 'no reply to Ping' });
  });

  it('retries when nobody listens, and when the sink fails keeps the events in order', async () => {
    const closed = await scriptedAsterisk(async () => undefined);
    await closed.close();
    const refused = client(closed.port);
    refused.c.start();
    await expect.poll(() => refused.statuses.length, { timeout: 3000 }).toBeGreaterThanOrEqual(2);
    expect(refused.statuses[0]).toMatchObject({ status: 'disconnected', reason: 'ECONNREFUSED' });
    await refused.c.stop();

    const ast = await scriptedAsterisk(async (c) => {
      await handshake(c);
      await inPieces(c.socket, WIRE.join(''), [4096]);
    });
    servers.push(ast);
    let failures = 2;
    const got: ObzorEvent[] = [];
    const { c, notices } = client(ast.port, {
      leaveGraceMs: 100,
      abandonGraceMs: 50,
      batchSize: 3,
      sink: async (batch) => {
        if (failures-- > 0) throw new Error('Redis unavailable');
        got.push(...batch);
      },
    });
    c.start();
    // 14 mapped + the caller who left without answer (graces counted on our clock from the arrival)
    await expect.poll(() => got.length, { timeout: 3000 }).toBe(15);
    const reference = new AmiMapper({ site: SITE });
    const wanted = new AmiFramer().push(SESSION).flatMap((f) => (f.kind === 'message' ? reference.map(f.message, 0).events : []));
    expect(got).toEqual([...wanted, ...reference.tick(Date.now())]);
    expect(notices.filter((n) => n.kind === 'sink_error')).toHaveLength(2);
    expect(c.pendingEvents).toBe(0);
  });
});

describe('AMI client: reconciliation at every login', () => {
  /** answers QueueStatus and CoreShowChannels as Asterisk 22 does (app_queue.c manager_queues_status) */
  async function pbxState(c: Conn, entries: { uid: string; queue: string; wait: number }[], channels: string[]) {
    const status = await c.next();
    const shows = await c.next();
    expect([status.fields.action, shows.fields.action]).toEqual(['QueueStatus', 'CoreShowChannels']);
    const id = `ActionID: ${status.fields.actionid}\r\n`;
    let out = `Response: Success\r\n${id}EventList: start\r\nMessage: Queue status will follow\r\n\r\n`;
    out += `Event: QueueParams\r\nQueue: hotline\r\nMax: 0\r\nStrategy: rrmemory\r\nCalls: ${entries.length}\r\n${id}\r\n`;
    out += `Event: QueueMember\r\nQueue: hotline\r\nName: Иван Петров\r\nLocation: Local/1001@agents/n\r\nStateInterface: hint:1001@agents\r\nMembership: dynamic\r\nInCall: 0\r\nStatus: 1\r\nPaused: 1\r\nPausedReason: break\r\n${id}\r\n`;
    // a live event in the middle of the list, as Asterisk may interleave them
    out += 'Event: QueueCallerJoin\r\nTimestamp: 1794953500.000000\r\nUniqueid: 1794953499.300\r\nQueue: hotline\r\nPosition: 2\r\nCount: 2\r\n\r\n';
    for (const [i, e] of entries.entries()) out += `Event: QueueEntry\r\nQueue: ${e.queue}\r\nPosition: ${i + 1}\r\nChannel: Local/x@callers-0001;2\r\nUniqueid: ${e.uid}\r\nWait: ${e.wait}\r\n${id}\r\n`;
    out += `Event: QueueStatusComplete\r\n${id}EventList: Complete\r\nListItems: ${2 + entries.length}\r\n\r\n`;
    const cid = `ActionID: ${shows.fields.actionid}\r\n`;
    out += `Response: Success\r\n${cid}EventList: start\r\nMessage: Channels will follow\r\n\r\n`;
    for (const u of channels) out += `Event: CoreShowChannel\r\n${cid}Channel: Local/x@callers-0001;2\r\nUniqueid: ${u}\r\nApplication: Queue\r\n\r\n`;
    out += `Event: CoreShowChannelsComplete\r\n${cid}EventList: Complete\r\nListItems: ${channels.length}\r\n\r\n`;
    await inPieces(c.socket, out, [64, 7, 300]);
  }

  it('closes the ghost, adopts the caller Obzor did not see with its real wait, refreshes members, and reports the gap', async () => {
    const ast = await scriptedAsterisk(async (c, n) => {
      await handshake(c);
      if (n === 1) {
        // a caller joins, then the connection drops before anything else about it is heard
        c.socket.write('Event: QueueCallerJoin\r\nTimestamp: 1794953100.000000\r\nUniqueid: 1794953098.101\r\nQueue: hotline\r\nPosition: 1\r\nCount: 1\r\n\r\n');
        await sleep(50);
        c.socket.destroy();
        return;
      }
      await pbxState(c, [{ uid: '1794953400.200', queue: 'hotline', wait: 95 }, { uid: '1794953499.300', queue: 'hotline', wait: 1 }], ['1794953400.200', '1794953499.300']);
    });
    servers.push(ast);
    let clock = 1794953450_000;
    const views: number[] = [];
    const saved: Record<string, unknown>[] = [];
    const { c, events, notices } = client(ast.port, {
      reconcile: true,
      now: () => clock,
      // Obzor shows a caller the PBX no longer has (an earlier run's ghost)
      view: async () => {
        views.push(clock);
        return { waiting: [{ callId: '1794950000.1', queue: 'hotline' }], agents: [{ agentId: 'ivan-petrov', state: 'available', queues: ['hotline'] }] };
      },
      remembered: { load: async () => ({}), save: async (changes) => void saved.push(changes) },
    });
    c.start();
    await expect.poll(() => notices.filter((n) => n.kind === 'reconciled').length, { timeout: 5000 }).toBe(1);
    clock += 1;
    const report = notices.find((n) => n.kind === 'reconciled')!;
    expect(report).toMatchObject({ closed: 2, adopted: 1, waiting: 2 });
    expect(notices.find((n) => n.kind === 'gap')).toMatchObject({ kind: 'gap', fromMs: 1794953450_000, toMs: 1794953450_000 });
    await expect.poll(() => events.filter((e) => e.type === 'call.ended').length, { timeout: 2000 }).toBe(2);
    const brief = events.map((e) => [e.type, 'callId' in e ? e.callId : 'agentId' in e ? e.agentId : '', e.type === 'call.ended' ? e.outcome : e.type === 'agent.state' ? e.state : '']);
    expect(brief).toEqual([
      ['call.queued', '1794953098.101', ''],
      ['call.queued', '1794953499.300', ''],
      // the caller of the dropped connection is gone at the PBX: reconciled, not abandoned
      ['call.ended', '1794953098.101', 'reconciled'],
      ['call.ended', '1794950000.1', 'reconciled'],
      ['call.queued', '1794953400.200', ''],
      ['agent.state', '1001', 'paused'],
      ['agent.state', 'ivan-petrov', 'offline'],
    ]);
    // on the PBX's clock (its last Timestamp, the join amid the list, was 50 s ahead of ours), the adopted caller with its real wait
    expect(report).toMatchObject({ atMs: 1794953500_000 });
    const adopted = events.find((e) => e.type === 'call.queued' && e.callId === '1794953400.200')!;
    expect(Date.parse(adopted.at)).toBe(1794953500_000 - 95_000);
    expect(views).toHaveLength(2);
    expect(saved.length).toBeGreaterThan(0);
  });
});
