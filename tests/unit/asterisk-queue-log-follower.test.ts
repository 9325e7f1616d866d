import { appendFileSync, mkdtempSync, readFileSync, renameSync, rmSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ObzorEvent } from '../../shared/events.js';
import { QueueLogFollower, type FollowerNotice, type QueueLogFollowerOptions } from '../../server/adapters/asterisk/queue-log-follower.js';
import { importQueueLog } from '../../server/adapters/asterisk/queue-log-import.js';
import { FilePositionStore, MemoryPositionStore } from '../helpers/position-stores.js';

const SITE = 'yuzhno-sakhalinsk';
const DAY = readFileSync(fileURLToPath(new URL('../fixtures/asterisk/day.queue_log', import.meta.url)), 'utf8');
/** the fixture's 61 complete lines (its partial last line left out) */
const LINES = DAY.split('\n').slice(0, -1);
const PARTIAL = DAY.split('\n').at(-1)!;
const part = (from: number, to?: number) => LINES.slice(from, to).map((l) => `${l}\n`).join('');

let dir: string;
let path: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'obzor-qlog-'));
  path = join(dir, 'queue_log');
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** what a one-shot import of this content maps to: the follower must end with exactly that */
async function imported(content: string): Promise<ObzorEvent[]> {
  const file = join(dir, `reference-${Math.random()}`);
  writeFileSync(file, content);
  const out: ObzorEvent[] = [];
  await importQueueLog(file, { site: SITE, sink: async (e) => void out.push(...e) });
  return out;
}

function follower(store: MemoryPositionStore | FilePositionStore, extra: Partial<QueueLogFollowerOptions> = {}) {
  const events: ObzorEvent[] = [];
  const notices: FollowerNotice[] = [];
  const f = new QueueLogFollower({
    site: SITE,
    path,
    positions: store,
    sink: async (batch) => void events.push(...batch),
    onNotice: (n) => notices.push(n),
    batchSize: 10,
    readBytes: 97, // lines cut across reads everywhere
    ...extra,
  });
  return { f, events, notices };
}

const ids = (events: readonly ObzorEvent[]) => events.map((e) => e.id);

describe('queue_log follower', () => {
  it('reads a growing file; a partial last line waits for its newline', async () => {
    const store = new MemoryPositionStore();
    const { f, events, notices } = follower(store);
    writeFileSync(path, part(0, 20) + LINES[20]!.slice(0, 17));
    await f.pollOnce();
    expect(events).toEqual(await imported(part(0, 20)));
    expect(store.pos).toEqual({ inode: statSync(path).ino, offset: Buffer.byteLength(part(0, 20)), lineNo: 20 });
    appendFileSync(path, `${LINES[20]!.slice(17)}\n${part(21)}${PARTIAL}`);
    await f.pollOnce();
    expect(events).toEqual(await imported(part(0)));
    expect(store.pos!.offset).toBe(Buffer.byteLength(part(0)));
    expect(notices.filter((n) => n.kind === 'malformed').map((n) => n.kind === 'malformed' && n.lineNo)).toEqual([12, 22, 28, 38, 48]);
    expect(notices.filter((n) => n.kind === 'unknown_verb')).toHaveLength(2);
    expect(f.counters).toMatchObject({ lines: 61, malformed: 5, duplicates: 1, sent: 68 });
    await f.stop();
  });

  it('saves the position only after the sink resolved', async () => {
    writeFileSync(path, part(0, 30));
    const store = new MemoryPositionStore();
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const { f } = follower(store, { sink: () => gate });
    const poll = f.pollOnce();
    await new Promise((r) => setTimeout(r, 50));
    expect(store.pos).toBeNull();
    release();
    await poll;
    expect(store.pos!.offset).toBe(Buffer.byteLength(part(0, 30)));
    await f.stop();
  });

  it('keeps a batch the sink refused and delivers it once the sink is back (no gap, no duplicate)', async () => {
    writeFileSync(path, part(0, 40));
    const store = new MemoryPositionStore();
    const delivered: ObzorEvent[] = [];
    let failNext = 2;
    const { f, notices } = follower(store, {
      sink: async (batch) => {
        if (delivered.length > 20 && failNext-- > 0) throw new Error('store unavailable');
        delivered.push(...batch);
      },
    });
    await f.pollOnce();
    const savedAfterFailure = store.pos!.offset;
    expect(savedAfterFailure).toBeLessThan(Buffer.byteLength(part(0, 40)));
    await f.pollOnce(); // fails again
    expect(store.pos!.offset).toBe(savedAfterFailure);
    await f.pollOnce();
    appendFileSync(path, part(40));
    await f.pollOnce();
    expect(delivered).toEqual(await imported(part(0)));
    expect(notices.filter((n) => n.kind === 'sink_error')).toHaveLength(2);
    expect(store.pos!.offset).toBe(Buffer.byteLength(part(0)));
    await f.stop();
  });

  it('waits longer after each refusal, from two polls up to maxRetryMs, and saves no position the sink did not accept', async () => {
    writeFileSync(path, part(0, 12));
    const store = new MemoryPositionStore();
    let refusals = 4;
    const { f, events, notices } = follower(store, {
      pollMs: 100,
      maxRetryMs: 500,
      sink: async (batch) => {
        if (refusals-- > 0) throw new Error('store unavailable');
        events.push(...batch);
      },
    });
    for (let i = 0; i < 4; i += 1) await f.pollOnce();
    expect(notices.filter((n) => n.kind === 'sink_error').map((n) => n.kind === 'sink_error' && n.retryInMs)).toEqual([200, 400, 500, 500]);
    expect(store.pos).toBeNull();
    await f.pollOnce();
    expect(store.pos!.offset).toBe(Buffer.byteLength(part(0, 12)));
    expect(events).toEqual(await imported(part(0, 12)));
    await f.stop();
  });

  it('stopped while a batch was refused, the same follower delivers it when started again', async () => {
    writeFileSync(path, part(0, 40));
    const store = new MemoryPositionStore();
    const delivered: ObzorEvent[] = [];
    let refusals = 1;
    const { f } = follower(store, {
      sink: async (batch) => {
        if (delivered.length > 20 && refusals > 0) {
          refusals -= 1;
          throw new Error('store unavailable');
        }
        delivered.push(...batch);
      },
    });
    await f.pollOnce();
    await f.stop();
    const until = delivered.length;
    expect(until).toBeLessThan(40);
    await f.start();
    await f.stop();
    expect(delivered.length).toBeGreaterThan(until);
    expect(delivered).toEqual(await imported(part(0, 40)));
  });

  it('finishes the old file after a rotation (Asterisk still writing to it) and starts the new one at 0', async () => {
    const store = new MemoryPositionStore();
    const { f, events, notices } = follower(store);
    writeFileSync(path, part(0, 25));
    await f.pollOnce();
    const oldInode = statSync(path).ino;
    renameSync(path, `${path}.1`);
    await f.pollOnce(); // path gone for a moment: nothing lost, nothing switched
    appendFileSync(`${path}.1`, part(25, 33)); // written before Asterisk reopened its log
    writeFileSync(path, part(33));
    await f.pollOnce();
    expect(events).toEqual(await imported(part(0)));
    expect(notices).toContainEqual({ kind: 'rotated', file: path, fromInode: oldInode, toInode: statSync(path).ino });
    // line numbers go on across the rotation: events of one second keep the file order
    expect(store.pos).toEqual({ inode: statSync(path).ino, offset: Buffer.byteLength(part(33)), lineNo: LINES.length - 33, seqBase: 33 });
    expect(f.counters.rotations).toBe(1);
    await f.stop();
  });

  it('a sink failing as the rotated file is finished: the switch waits, nothing lost or doubled', async () => {
    const store = new MemoryPositionStore();
    const delivered: ObzorEvent[] = [];
    let refuse = false;
    const { f, notices } = follower(store, {
      sink: async (batch) => {
        if (refuse) {
          refuse = false;
          throw new Error('store unavailable');
        }
        delivered.push(...batch);
      },
    });
    // the old file ends without a newline: its last line is delivered only when the new file takes over
    const open = LINES.findIndex((l, i) => i >= 25 && l.includes('|CONNECT|'));
    writeFileSync(path, part(0, open) + LINES[open]!);
    await f.pollOnce();
    const oldInode = statSync(path).ino;
    renameSync(path, `${path}.1`);
    writeFileSync(path, part(open + 1));
    refuse = true;
    await f.pollOnce();
    expect(notices.filter((n) => n.kind === 'sink_error')).toHaveLength(1);
    expect(f.counters.rotations).toBe(0);
    expect(store.pos!.inode).toBe(oldInode);
    await f.pollOnce();
    expect(f.counters.rotations).toBe(1);
    // ids only: the partial line's end has no newline, which the next poll takes for a truncation (sourceSeq jumps)
    expect(ids(delivered)).toEqual(ids(await imported(part(0))));
    await f.stop();
  });

  it('waits for an empty new file until the old one has been still for the grace time', async () => {
    let now = 0;
    const store = new MemoryPositionStore();
    const { f, events } = follower(store, { rotateGraceMs: 5000, now: () => now });
    writeFileSync(path, part(0, 10));
    await f.pollOnce();
    renameSync(path, `${path}.1`);
    writeFileSync(path, ''); // logrotate "create"
    await f.pollOnce();
    appendFileSync(`${path}.1`, part(10, 12)); // Asterisk has not reopened yet
    now = 4000;
    await f.pollOnce();
    expect(f.counters.rotations).toBe(0);
    now = 6000;
    await f.pollOnce();
    expect(f.counters.rotations).toBe(1);
    appendFileSync(path, part(12));
    await f.pollOnce();
    expect(events).toEqual(await imported(part(0)));
    await f.stop();
  });

  it('starts again at 0 after a truncation (copytruncate), whether the file shrank or already grew back', async () => {
    const store = new MemoryPositionStore();
    const { f, events, notices } = follower(store);
    writeFileSync(path, part(0, 20));
    await f.pollOnce();
    truncateSync(path, 0);
    appendFileSync(path, part(20, 24));
    await f.pollOnce();
    expect(notices.filter((n) => n.kind === 'truncated')).toHaveLength(1);
    const offset = Buffer.byteLength(part(20, 24));
    // truncated again and refilled past our offset before we looked
    truncateSync(path, 0);
    appendFileSync(path, part(24));
    expect(readFileSync(path)[offset - 1]).not.toBe(0x0a); // the case only the newline check can see
    await f.pollOnce();
    expect(notices.filter((n) => n.kind === 'truncated')).toHaveLength(2);
    expect(events).toEqual(await imported(part(0)));
    await f.stop();
  });

  it('resumes after a restart from the saved position: no gap, no duplicate, same agent memory', async () => {
    const store = new FilePositionStore(join(dir, 'state', 'position.json'));
    const one = follower(store);
    writeFileSync(path, part(0, 30));
    await one.f.pollOnce();
    await one.f.stop();
    appendFileSync(path, part(30));
    const two = follower(store);
    await two.f.pollOnce();
    const all = await imported(part(0));
    expect([...one.events, ...two.events]).toEqual(all);
    // warm-up: the operator's queues after a call are known although ADDMEMBER was before the restart
    expect(two.events.find((e) => e.type === 'agent.state' && e.agentId === '102')).toMatchObject({ queues: ['billing', 'hotline'] });
    expect(two.f.counters.lines).toBe(31);
    await two.f.stop();
  });

  it('after a restart finds the rotated file by inode and finishes it first', async () => {
    const store = new MemoryPositionStore();
    const one = follower(store);
    writeFileSync(path, part(0, 30));
    await one.f.pollOnce();
    await one.f.stop();
    appendFileSync(path, part(30, 40));
    renameSync(path, `${path}-20261118`);
    writeFileSync(path, part(40));
    const two = follower(store);
    await two.f.pollOnce();
    expect([...one.events, ...two.events]).toEqual(await imported(part(0)));
    expect(two.notices.some((n) => n.kind === 'rotation_gap')).toBe(false);
    await two.f.stop();
  });

  it('says so when the rotated file is gone, and reads the new one from its start', async () => {
    const store = new MemoryPositionStore();
    const one = follower(store);
    writeFileSync(path, part(0, 30));
    await one.f.pollOnce();
    await one.f.stop();
    // rotated and the old file deleted (created first, so the inode is not reused)
    writeFileSync(`${path}.new`, part(40));
    rmSync(path);
    renameSync(`${path}.new`, path);
    const two = follower(store);
    await two.f.pollOnce();
    expect(two.notices).toContainEqual(expect.objectContaining({ kind: 'rotation_gap', savedOffset: Buffer.byteLength(part(0, 30)) }));
    expect(two.events.length).toBeGreaterThan(0);
    await two.f.stop();
  });

  it('waits for a missing file, can start at the end of an existing one, and polls on its own', async () => {
    const store = new MemoryPositionStore();
    const { f, events, notices } = follower(store, { pollMs: 20 });
    await f.start();
    expect(notices).toEqual([{ kind: 'missing', file: path }]);
    writeFileSync(path, part(0, 10));
    await expect.poll(() => events.length, { timeout: 2000 }).toBeGreaterThan(0);
    await f.stop();

    const late = follower(new MemoryPositionStore(), { startAtEnd: true });
    await late.f.pollOnce();
    expect(late.events).toEqual([]);
    appendFileSync(path, part(10, 14));
    await late.f.pollOnce();
    const whole = await imported(part(0, 14));
    const before = new Set(ids(await imported(part(0, 10))));
    expect(late.events).toEqual(whole.filter((e) => !before.has(e.id)));
    await late.f.stop();
  });
});
