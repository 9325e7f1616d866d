/**
 * Faults with real processes: nodes as child processes, a private redis-server with AOF for
 * kill -9. Nothing is lost and nothing counted twice; screens on one node see events posted
 * to another.
 */
import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { io, type Socket } from 'socket.io-client';
import { afterAll, describe, expect, it } from 'vitest';
import type { ObzorEvent } from '../../shared/events.js';
import { SOCKET_UNAVAILABLE, type ClientToServerEvents, type Health, type ServerToClientEvents } from '../../shared/socket.js';
import { ScreenFollower } from '../helpers/screen-follower.js';

const connect = (url: string, opts: Parameters<typeof io>[1]) => io(url, opts) as Socket<ServerToClientEvents, ClientToServerEvents>;
import { emptyTotals } from '../../shared/day-totals.js';
import { counterTotals } from '../helpers/counter-totals.js';
import { answeredCall } from '../helpers/event-factory.js';
import { sendWithRetries, untilAccepted, type Ledger } from '../helpers/ledger-sender.js';
import { privateRedis, startNode, type NodeProcess, type PrivateRedis } from '../helpers/processes.js';
import { deletePrefix, INGEST_KEY, REDIS_URL, WALL_TOKEN } from '../helpers/start-app.js';
import { waitUntil } from '../helpers/wait-until.js';

const cleanup: (() => Promise<void> | void)[] = [];
afterAll(async () => {
  for (const c of cleanup.reverse()) await c();
});

const nodeEnv = (redisUrl: string, prefix: string, extra: Record<string, string> = {}) => ({
  REDIS_URL: redisUrl,
  OBZOR_KEY_PREFIX: prefix,
  OBZOR_INGEST_KEYS: `ledger=${INGEST_KEY}`,
  OBZOR_DISPLAY_TOKENS: `wall=${WALL_TOKEN}`,
  ...extra,
});

function calls(n: number, tag: string): ObzorEvent[][] {
  const base = Date.now() - 3600_000;
  const batches: ObzorEvent[][] = [];
  for (let i = 0; i < n; i += 25) {
    const batch: ObzorEvent[] = [];
    for (let j = i; j < Math.min(n, i + 25); j++) batch.push(...answeredCall(`${tag}-${j}`, base + j * 1000).map((e) => ({ ...e, id: `${tag}-${j}-${e.type}` })));
    batches.push(batch);
  }
  return batches;
}

/** the hotline queue's totals of every site, as the counters add up */
async function totals(redisUrl: string, prefix: string) {
  const r = new Redis(redisUrl);
  try {
    return (await counterTotals(r, prefix)).byQueue.get('hotline') ?? emptyTotals();
  } finally {
    r.disconnect();
  }
}

describe('several nodes', { timeout: 120_000 }, () => {
  it('an event posted to node A reaches a screen connected to node B, with consecutive sequence numbers', async () => {
    const prefix = `obzor-test:${randomUUID().slice(0, 8)}:`;
    cleanup.push(() => deletePrefix(prefix));
    const [a, b] = await Promise.all([startNode(nodeEnv(REDIS_URL, prefix)), startNode(nodeEnv(REDIS_URL, prefix))]);
    cleanup.push(() => a.kill(), () => b.kill());
    const wall = connect(b.url, { transports: ['websocket'], auth: { token: WALL_TOKEN } });
    cleanup.push(() => void wall.close());
    const screen = new ScreenFollower(wall);
    await new Promise((r) => wall.once('snapshot', r));
    const updates = screen.updates;
    const ledger: Ledger = { accepted: 0, duplicate: 0, retries: 0, failures: 0 };
    const started = Date.now();
    await sendWithRetries(() => a.url, INGEST_KEY, [[{ ...answeredCall('ab-1', Date.now() - 10_000)[0]!, id: 'ab-1-q' }]], ledger);
    while (!screen.sawCall('ab-1') && Date.now() - started < 5000) await new Promise((r) => setTimeout(r, 20));
    expect(screen.sawCall('ab-1')).toBe(true);
    // more traffic through both nodes: still exactly one update stream, seq without gaps or repeats
    await Promise.all([
      sendWithRetries(() => a.url, INGEST_KEY, calls(30, 'ab-a'), ledger),
      sendWithRetries(() => b.url, INGEST_KEY, calls(30, 'ab-b'), ledger),
    ]);
    await waitUntil(() => updates.length > 1, 'updates of the traffic through both nodes');
    const seqs = updates.map((u) => u.seq);
    expect(seqs.length).toBeGreaterThan(1);
    seqs.forEach((s, i) => i > 0 && expect(s).toBe(seqs[i - 1]! + 1));
    // every patch applied on the state before it, whichever node flushed it
    expect(screen.unappliable).toBe(0);
  });
});

describe('faults, with nothing lost and nothing counted twice', { timeout: 120_000 }, () => {
  let redis: PrivateRedis;
  let node: NodeProcess;
  const prefix = 'obzor-fault:';

  it('Redis killed with -9 under load and restarted: 503s, retries, then exact totals', async () => {
    redis = await privateRedis('always');
    cleanup.push(() => redis.stop());
    await redis.start();
    node = await startNode(nodeEnv(redis.url, prefix));
    cleanup.push(() => node.kill());
    const ledger: Ledger = { accepted: 0, duplicate: 0, retries: 0, failures: 0 };
    const batches = calls(400, 'rk');
    // the sender waits at this gate while Redis is being killed, so what it sends next meets the dead Redis
    let gate: Promise<void> | null = null;
    const sending = sendWithRetries(() => node.url, INGEST_KEY, batches, ledger, undefined, 30, () => gate ?? Promise.resolve());
    await untilAccepted(ledger, 500);
    let open!: () => void;
    gate = new Promise((r) => (open = r));
    await redis.kill9();
    await waitUntil(async () => (await fetch(`${node.url}/readyz`)).status === 503, '/readyz to say 503 while Redis is away');
    gate = null;
    open();
    await waitUntil(() => ledger.failures > 0, 'the sender to meet the dead Redis');
    // a wall connecting now is told "try again", not "you are refused"
    const refused = connect(node.url, { transports: ['websocket'], auth: { token: WALL_TOKEN }, reconnection: false });
    const why = await new Promise<string>((resolve) => refused.once('connect_error', (e) => resolve(e.message)));
    refused.close();
    expect(why).toBe(SOCKET_UNAVAILABLE);
    await redis.start();
    await sending;
    const t = await totals(redis.url, prefix);
    expect(ledger.failures).toBeGreaterThan(0);
    expect(ledger.accepted + ledger.duplicate).toBeGreaterThanOrEqual(400 * 5);
    expect(t.offered).toBe(400);
    expect(t.answered).toBe(400);
    expect(t.handleN).toBe(400);
    expect(t.handleSumMs).toBe(400 * 300_000);
    expect((await fetch(`${node.url}/readyz`)).status).toBe(200);
  });

  it('a node killed with -9 mid-batch; the sender retries on another node: exactly-once result', async () => {
    const other = await startNode(nodeEnv(redis.url, prefix));
    cleanup.push(() => other.kill());
    const ledger: Ledger = { accepted: 0, duplicate: 0, retries: 0, failures: 0 };
    let target = node.url;
    const batches = calls(400, 'nk');
    const sending = sendWithRetries(() => target, INGEST_KEY, batches, ledger, undefined, 30);
    await untilAccepted(ledger, 500);
    node.kill('SIGKILL');
    target = other.url;
    await sending;
    const t = await totals(redis.url, prefix);
    expect(t.offered).toBe(800);
    expect(t.answered).toBe(800);
    expect(t.waitN).toBe(800);
    node = other;
  });

  it('a wall that was away resyncs to the right state on reconnect; a silent feed is reported', async () => {
    const silentNode = await startNode(nodeEnv(redis.url, prefix, { OBZOR_FEED_SILENT_SECONDS: '1' }));
    cleanup.push(() => silentNode.kill());
    const wall = connect(silentNode.url, { transports: ['websocket'], auth: { token: WALL_TOKEN } });
    await new Promise((r) => wall.once('snapshot', r));
    wall.disconnect();
    const ledger: Ledger = { accepted: 0, duplicate: 0, retries: 0, failures: 0 };
    await sendWithRetries(() => silentNode.url, INGEST_KEY, [[{ id: 'away-1', type: 'call.queued', at: new Date(Date.now() - 5000).toISOString(), site: 'yuzhno-sakhalinsk', callId: 'away-1', queue: 'billing', line: 'direct' }]], ledger);
    const t0 = Date.now();
    const snapshot = new Promise<{ calls: string[] }>((resolve) => wall.once('snapshot', (s) => resolve({ calls: s.sites[0]!.calls.map((c) => c.callId) })));
    const health = new Promise<Health>((resolve) => wall.on('health', (h) => h.feeds.some((f) => f.source === 'ledger' && f.silent) && resolve(h)));
    wall.connect();
    expect((await snapshot).calls).toContain('away-1');
    expect(Date.now() - t0).toBeLessThan(10_000);
    const h = await health;
    expect(h.storeUp).toBe(true);
    wall.close();
  });

  it('SIGTERM: in-flight work finishes, screens get a reconnect hint, the process exits 0', async () => {
    const wall = connect(node.url, { transports: ['websocket'], auth: { token: WALL_TOKEN } });
    await new Promise((r) => wall.once('snapshot', r));
    const hint = new Promise<number>((resolve) => wall.once('shutdown', (i) => resolve(i.reconnectAfterMs)));
    const ledger: Ledger = { accepted: 0, duplicate: 0, retries: 0, failures: 0 };
    const inFlight = fetch(`${node.url}/api/v1/events`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${INGEST_KEY}` }, body: JSON.stringify(calls(200, 'term').flat().slice(0, 1000)) });
    await new Promise((r) => setTimeout(r, 5));
    node.kill('SIGTERM');
    const res = await inFlight;
    expect(res.status === 200 || res.status === 503).toBe(true);
    if (res.status === 200) ledger.accepted += ((await res.json()) as { results: unknown[] }).results.length;
    expect(await hint).toBeGreaterThan(0);
    expect(await node.exited).toBe(0);
    wall.close();
  });
});
