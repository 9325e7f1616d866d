/**
 * The backlog partitions are one rule (shared/deadline-states.ts): the server classifies the
 * snapshot's callbacks and appeals with it, and the wall re-partitions between updates with
 * the same functions and the server's `windowDueAt`. They used to disagree when `windowDueAt`
 * was undefined (the wall said overdue); the server's rule wins: waiting for the window.
 */
import fc from 'fast-check';
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { appealDueState, callbackState } from '../../shared/deadline-states.js';
import type { CallbackLive } from '../../shared/snapshot.js';
import { CallbackWindow, classifyCallback } from '../../server/domain/callback-window.js';
import { bucketAppeals } from '../../client/src/domain/appeal-buckets.js';
import { bucketCallbacks } from '../../client/src/domain/callback-buckets.js';
import { endOfLocalDay } from '../../client/src/domain/local-day.js';

const SAKHALIN = 'Asia/Sakhalin';
const t = (iso: string) => Date.parse(iso);
const endOfDay = (ms: number, zone: string) => DateTime.fromMillis(ms, { zone }).endOf('day').toMillis();
/** the state the wall counts one callback under */
const wallState = (cb: Pick<CallbackLive, 'dueAt' | 'windowDueAt'>, now: number, zone: string) => {
  const b = bucketCallbacks([cb], now, zone);
  return b.overdue ? 'overdue' : b.waitingWindow ? 'waiting_window' : b.dueToday ? 'due_today' : 'later';
};

describe('callback partition: server and wall agree', () => {
  it("without a window due time (a window that never opens) both say waiting_window: the server's rule wins", () => {
    const now = t('2026-11-18T20:00:00+11:00');
    const due = { dueAt: now - 3_600_000 };
    // the server's rule
    expect(callbackState(due.dueAt, undefined, now, endOfDay(now, SAKHALIN))).toBe('waiting_window');
    // the wall, from a snapshot entry that carries no windowDueAt
    expect(bucketCallbacks([due], now, SAKHALIN)).toEqual({ open: 1, dueToday: 0, overdue: 0, waitingWindow: 1 });
  });

  it("puts every callback where the server's classifier puts it, at any moment", () => {
    const w = CallbackWindow.parse({});
    const from = t('2026-11-14T00:00:00+11:00');
    const week = 7 * 86_400_000;
    fc.assert(
      fc.property(fc.integer({ min: 0, max: week }), fc.integer({ min: -week, max: week }), fc.constantFrom(SAKHALIN, 'Europe/Moscow', 'America/New_York'), (nowOffset, dueOffset, zone) => {
        const now = from + nowOffset;
        const server = classifyCallback({ ref: 'call:x', kind: 'call', dueAt: now + dueOffset }, w, now, zone);
        expect(wallState(server, now, zone)).toBe(server.state);
      }),
      { numRuns: 400 },
    );
  });
});

describe('appeal partition: server and wall agree', () => {
  it('overdue once past the deadline, due today until the end of the local day, later after', () => {
    const now = t('2026-11-18T12:00:00+11:00');
    const eod = endOfDay(now, SAKHALIN);
    for (const dueAt of [now - 1, now, eod, eod + 1]) {
      const server = appealDueState(dueAt, now, eod);
      const b = bucketAppeals([{ dueAt }], now, SAKHALIN);
      expect(b.overdue ? 'overdue' : b.dueToday ? 'due_today' : 'later').toBe(server);
    }
    expect([now - 1, now, eod, eod + 1].map((d) => appealDueState(d, now, eod))).toEqual(['overdue', 'due_today', 'due_today', 'later']);
  });
});

describe('the end of the local day', () => {
  it("is the server's (luxon) in any zone, across a clock change", () => {
    const zones = [SAKHALIN, 'Europe/Berlin', 'America/New_York', 'Australia/Lord_Howe'];
    // around the 2026 spring and autumn changes of Europe and the US, and an ordinary day
    const moments = ['2026-03-08T12:00:00Z', '2026-03-29T00:30:00Z', '2026-10-25T00:30:00Z', '2026-11-01T05:30:00Z', '2026-11-18T13:00:00Z', '2026-04-04T15:10:00Z'];
    for (const zone of zones) for (const m of moments) expect(endOfLocalDay(t(m), zone)).toBe(endOfDay(t(m), zone));
  });
});
