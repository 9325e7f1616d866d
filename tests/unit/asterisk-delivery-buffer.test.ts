/**
 * The delivery both Asterisk adapters share: batches in order, a failed batch kept at the head
 * and tried again after a backoff, the owner told what was accepted (and up to which of its
 * marks), and a bound on what waits. Timers and randomness are injected: nothing sleeps.
 */
import { describe, expect, it } from 'vitest';
import type { ObzorEvent } from '../../shared/events.js';
import { backoffDelay } from '../../server/adapters/asterisk/backoff.js';
import { DeliveryBuffer, type DeliveryBufferOptions, type DeliveryNotice, type Timers } from '../../server/adapters/asterisk/delivery-buffer.js';
import { ev } from '../helpers/event-factory.js';

const events = (n: number, from = 0): ObzorEvent[] => Array.from({ length: n }, (_, i) => ev('call.queued', 0, { callId: `c${from + i}`, queue: 'hotline', line: 'hotline' }, { id: `e${from + i}` }));
const ids = (es: readonly ObzorEvent[]) => es.map((e) => e.id);

/** timers that fire only when the test says so */
function manualTimers() {
  const waiting = new Map<number, { fn: () => void; ms: number }>();
  let next = 0;
  const timers: Timers = {
    set: (fn, ms) => {
      waiting.set(++next, { fn, ms });
      return next;
    },
    clear: (h) => void waiting.delete(h as number),
  };
  return {
    timers,
    delays: () => [...waiting.values()].map((t) => t.ms),
    fireAll: () => {
      const due = [...waiting.values()];
      waiting.clear();
      for (const t of due) t.fn();
    },
  };
}

/** a sink that refuses its first `failures` calls */
function flakySink(failures: number) {
  const calls: string[][] = [];
  const accepted: ObzorEvent[] = [];
  let left = failures;
  const sink = async (batch: ObzorEvent[]) => {
    calls.push(ids(batch));
    if (left > 0) {
      left -= 1;
      throw new Error('store unavailable');
    }
    accepted.push(...batch);
  };
  return { sink, calls, accepted };
}

function buffer<Mark = never>(opts: Partial<DeliveryBufferOptions<Mark>> & Pick<DeliveryBufferOptions<Mark>, 'sink'>) {
  const notices: DeliveryNotice[] = [];
  const acceptedMarks: (Mark | undefined)[] = [];
  const b = new DeliveryBuffer<Mark>({ batchSize: 3, backoff: { initialMs: 100, maxMs: 1000, jitter: 0 }, onNotice: (n) => notices.push(n), onAccepted: (_, m) => void acceptedMarks.push(m), ...opts });
  return { b, notices, acceptedMarks };
}

describe('backoff', () => {
  it('grows exponentially up to the cap, with jitter around it', () => {
    const b = { initialMs: 1000, maxMs: 10_000, factor: 2, jitter: 0 };
    expect([1, 2, 3, 4, 5, 6].map((n) => backoffDelay(n, b))).toEqual([1000, 2000, 4000, 8000, 10_000, 10_000]);
    expect(backoffDelay(2, { ...b, jitter: 0.2 }, () => 0)).toBe(1600);
    expect(backoffDelay(2, { ...b, jitter: 0.2 }, () => 1)).toBe(2400);
    expect(backoffDelay(2, { ...b, jitter: 0.2 }, () => 0.5)).toBe(2000);
  });

  it('stays within ± jitter of the capped delay whatever the random number', () => {
    const b = { initialMs: 50, maxMs: 800, jitter: 0.25 };
    for (let failures = 1; failures <= 12; failures += 1) {
      const base = Math.min(800, 50 * 2 ** (failures - 1));
      for (const r of [0, 0.1, 0.5, 0.9, 0.999999]) {
        const d = backoffDelay(failures, b, () => r);
        expect(d).toBeGreaterThanOrEqual(Math.floor(base * 0.75));
        expect(d).toBeLessThanOrEqual(Math.ceil(base * 1.25));
      }
    }
  });
});

describe('delivery buffer', () => {
  it('delivers in order, in batches of at most batchSize', async () => {
    const { sink, calls, accepted } = flakySink(0);
    const { b } = buffer({ sink });
    b.send(events(4));
    b.send(events(3, 4));
    await b.settled();
    expect(ids(accepted)).toEqual(ids(events(7)));
    expect(calls.every((c) => c.length <= 3)).toBe(true);
    expect(b.size).toBe(0);
  });

  it('keeps a refused batch at the head and tries it again after the backoff, the order kept', async () => {
    const { sink, calls, accepted } = flakySink(2);
    const t = manualTimers();
    const { b, notices } = buffer({ sink, timers: t.timers });
    b.send(events(5));
    await b.settled();
    expect(notices).toEqual([{ kind: 'sink_error', error: 'store unavailable', retryInMs: 100 }]);
    expect(t.delays()).toEqual([100]);
    expect(b.retryInMs).toBe(100);
    // what comes meanwhile waits behind it, and does not cut the backoff short
    b.send(events(2, 5));
    expect(t.delays()).toEqual([100]);
    t.fireAll();
    await b.settled();
    expect(notices.at(-1)).toEqual({ kind: 'sink_error', error: 'store unavailable', retryInMs: 200 });
    t.fireAll();
    await b.settled();
    expect(ids(accepted)).toEqual(ids(events(7)));
    expect(calls.slice(0, 3)).toEqual([['e0', 'e1', 'e2'], ['e0', 'e1', 'e2'], ['e0', 'e1', 'e2']]);
    expect(b.retryInMs).toBeUndefined();
    expect(t.delays()).toEqual([]);
  });

  it('jitters the retry with the injected random number', async () => {
    const { sink } = flakySink(1);
    const t = manualTimers();
    const { b, notices } = buffer({ sink, timers: t.timers, backoff: { initialMs: 1000, jitter: 0.2 }, random: () => 0 });
    b.send(events(1));
    await b.settled();
    expect(notices).toEqual([expect.objectContaining({ retryInMs: 800 })]);
    expect(t.delays()).toEqual([800]);
  });

  it('tells the owner the last mark whose events were all accepted, marks without events included', async () => {
    const { sink } = flakySink(0);
    const { b, acceptedMarks } = buffer<string>({ sink });
    b.push(events(2, 0), 'line 1');
    b.push([], 'line 2 (blank)');
    b.push(events(2, 2), 'line 3');
    b.push([], 'line 4 (blank)');
    expect(await b.flush()).toBe(true);
    // batch 1 = e0 e1 e2: line 3 is not complete yet; batch 2 = e3: lines 3 and 4
    expect(acceptedMarks).toEqual(['line 2 (blank)', 'line 4 (blank)']);
    b.push([], 'line 5 (blank)');
    await b.flush();
    expect(acceptedMarks.at(-1)).toBe('line 5 (blank)');
  });

  it('sends only full batches when asked to, and the rest with the next flush', async () => {
    const { sink, calls } = flakySink(0);
    const { b, acceptedMarks } = buffer<number>({ sink });
    for (let line = 1; line <= 4; line += 1) b.push(events(2, line * 2), line);
    expect(await b.flushFull()).toBe(true);
    expect(calls.map((c) => c.length)).toEqual([3, 3]);
    expect(acceptedMarks).toEqual([1, 3]);
    expect(b.size).toBe(2);
    await b.flush();
    expect(acceptedMarks).toEqual([1, 3, 4]);
  });

  it('without its own timer waits for the owner to flush again, and says when that should be', async () => {
    const { sink, accepted } = flakySink(1);
    const t = manualTimers();
    const { b, acceptedMarks } = buffer<string>({ sink, timers: t.timers, retryOnTimer: false });
    b.push(events(2), 'end');
    expect(await b.flush()).toBe(false);
    expect(t.delays()).toEqual([]);
    expect(b.retryInMs).toBe(100);
    expect(acceptedMarks).toEqual([]);
    expect(await b.flush()).toBe(true);
    expect(ids(accepted)).toEqual(['e0', 'e1']);
    expect(acceptedMarks).toEqual(['end']);
  });

  it('drops the oldest waiting events beyond maxPending, never the batch with the sink', async () => {
    const gates: (() => void)[] = [];
    const accepted: ObzorEvent[] = [];
    const sink = async (batch: ObzorEvent[]) => {
      await new Promise<void>((r) => gates.push(r));
      accepted.push(...batch);
    };
    const { b, notices } = buffer({ sink, maxPending: 4 });
    b.send(events(3)); // e0-e2 go to the sink
    b.push(events(6, 3)); // e3-e8 wait: two too many
    expect(notices).toEqual([{ kind: 'dropped', count: 2 }]);
    expect(b.size).toBe(3 + 4);
    for (let call = 0; call < 3; call += 1) {
      await waitFor(() => gates.length > call);
      gates[call]!();
    }
    await b.settled();
    expect(ids(accepted)).toEqual(['e0', 'e1', 'e2', 'e5', 'e6', 'e7', 'e8']);
  });

  it('stopped, it tries no more on its timer; the events wait for the next send', async () => {
    const { sink, accepted } = flakySink(1);
    const t = manualTimers();
    const { b } = buffer({ sink, timers: t.timers });
    b.stop();
    b.send(events(2));
    await b.settled();
    expect(t.delays()).toEqual([]);
    expect(b.size).toBe(2);
    b.start();
    b.send(events(1, 2));
    await b.settled();
    expect(ids(accepted)).toEqual(['e0', 'e1', 'e2']);
  });

  it('discards what waits when its owner starts over', async () => {
    const { sink, accepted } = flakySink(1);
    const { b } = buffer<string>({ sink, retryOnTimer: false });
    b.push(events(2), 'x');
    await b.flush();
    b.discard();
    expect(b.size).toBe(0);
    expect(b.retryInMs).toBeUndefined();
    expect(await b.flush()).toBe(true);
    expect(accepted).toEqual([]);
  });
});

/** lets the sink's promise chain run until `check` holds (no timers involved) */
async function waitFor(check: () => boolean): Promise<void> {
  for (let i = 0; i < 100 && !check(); i += 1) await Promise.resolve();
  expect(check()).toBe(true);
}
