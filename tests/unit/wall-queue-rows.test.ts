/** Issue 14: the wall's queue rows — worst first by how far past the norm, the quiet folded. */
import { describe, expect, it } from 'vitest';
import type { Kpi } from '../../shared/kpi.js';
import type { QueueState } from '../../shared/snapshot.js';
import { fitRows, queueRows, type QueueRow } from '../../client/src/domain/queue-rows.js';
import { levelOf } from '../../client/src/domain/kpi-display.js';
import { formatDuration } from '../../client/src/format/duration.js';
import { evaluate, type KpiInput } from '../../server/domain/kpi/kpi-formulas.js';
import { SiteNorms } from '../../server/domain/sites.js';
import fc from 'fast-check';

const NOW = 1_000_000_000;
const wait = (warnAbove: number, alertAbove: number): Kpi => ({ id: 'longestWait', norm: 'N2', unit: 'seconds', value: 0, target: null, status: 'ok', thresholds: { warnAbove, alertAbove } });
const queue = (q: string, waiting: number, waitedSec: number | undefined, limits = wait(60, 180)): QueueState =>
  ({ queue: q, waiting, ringing: 0, ...(waitedSec === undefined ? {} : { oldestSince: NOW - waitedSec * 1000 }), today: {} as QueueState['today'], kpis: { longestWait: limits } }) as QueueState;

describe('queue rows', () => {
  it('puts breaches first, then attention, each by how far past its own limit, then by callers', () => {
    const rows = queueRows(
      [
        { site: 'a', queues: [queue('aaa-calm', 9, 10), queue('zzz-breach', 1, 200), queue('mid-warn', 2, 90)] },
        // a stricter site: 100 s is twice its alert limit, further past than 200 s against 180
        { site: 'b', queues: [queue('hotline', 1, 100, wait(30, 50)), queue('quiet', 0, undefined)] },
      ],
      NOW,
    );
    expect(rows.map((r) => `${r.site}/${r.queue}:${r.level}`)).toEqual(['b/hotline:alarm', 'a/zzz-breach:alarm', 'a/mid-warn:warn', 'a/aaa-calm:ok', 'b/quiet:ok']);
  });

  /** a room of n lines where a folded line takes as much as a row */
  const lines = (n: number) => ({ room: n, row: 1, fold: 1 });
  const row = (queue: string, level: QueueRow['level'], waiting: number): QueueRow => ({ site: 's', queue, waiting, ringing: 0, longestWaitMs: waiting ? 1000 : undefined, level, past: level === 'ok' ? 0 : 1 });

  it('shows everything that fits, and folds quiet rows into one line when not', () => {
    const rows = [row('a', 'alarm', 3), row('b', 'warn', 1), row('c', 'ok', 2), row('d', 'ok', 0), row('e', 'ok', 0)];
    expect(fitRows(rows, lines(5)).rows).toHaveLength(5);
    expect(fitRows(rows, lines(4))).toMatchObject({ rows: rows.slice(0, 3), quiet: 2, hidden: 0 });
  });

  it('when the busy rows do not fit, keeps the breaches on every page and turns the rest in pages', () => {
    const rows = [row('a', 'alarm', 3), row('b', 'warn', 1), row('c', 'ok', 2), row('d', 'ok', 4), row('e', 'ok', 0)];
    // 4 lines: the quiet one folded, one saying what is off screen, two rows: the breach and one more
    const pages = [0, 1, 2, 3].map((p) => fitRows(rows, lines(4), p));
    expect(pages.map((f) => f.rows.map((r) => r.queue).join(''))).toEqual(['ab', 'ac', 'ad', 'ab']);
    expect(pages[0]).toMatchObject({ pages: 3, page: 0, quiet: 1, hidden: 2, hiddenWaiting: 6 });
  });

  it('counts a folded line at its own, smaller height', () => {
    const rows = [row('a', 'alarm', 3), row('b', 'warn', 1), row('c', 'ok', 2), row('d', 'ok', 4), row('e', 'ok', 0)];
    // 26 units: rows of 7.8, folded lines of 4.4 — the quiet line and 2 busy rows, then what is off screen
    expect(fitRows(rows, { room: 26, row: 7.8, fold: 4.4 }).rows).toHaveLength(2);
    // 36: the four busy rows (31.2) and the quiet line (4.4)
    expect(fitRows(rows, { room: 36, row: 7.8, fold: 4.4 })).toMatchObject({ quiet: 1, hidden: 0 });
    expect(fitRows(rows, { room: 36, row: 7.8, fold: 4.4 }).rows).toHaveLength(4);
  });

  it('does not page when the breaches alone fill the room: the worst that fit, and how many more', () => {
    const rows = [row('a', 'alarm', 3), row('b', 'alarm', 1), row('c', 'warn', 2), row('d', 'ok', 4), row('e', 'ok', 0)];
    const fitted = fitRows(rows, lines(3), 1);
    expect(fitted.rows.map((r) => r.queue)).toEqual(['a']);
    expect(fitted).toMatchObject({ pages: 1, quiet: 1, hidden: 3, hiddenWaiting: 7 });
  });

  it("judges a wait as the server's longest-wait KPI does, in the whole seconds the row shows, at any instant", () => {
    const norms = SiteNorms.parse({});
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 400_000 }), fc.integer({ min: 0, max: 5_000 }), fc.integer({ min: 1, max: 120 }), (waitedMs, sinceMs, warnAbove) => {
        const overrides = { longestWait: { warnAbove, alertAbove: warnAbove * 3 } };
        const input = (now: number): KpiInput => ({ now, norms, totals: {} as KpiInput['totals'], calls: [{ since: NOW - waitedMs } as KpiInput['calls'][number]], callbacks: [], appeals: [] });
        // the screen has the KPI of a push `sinceMs` ago and ticks it on to now
        const pushed = evaluate('longestWait', input(NOW - sinceMs), overrides);
        const server = evaluate('longestWait', input(NOW), overrides);
        const [row] = queueRows([{ site: 's', queues: [{ ...queue('q', 1, undefined, pushed), oldestSince: NOW - waitedMs }] }], NOW);
        expect(Number.isInteger(server.value)).toBe(true);
        expect(row!.level).toBe(levelOf(server.status));
        // amber or red only once the row shows more than the limit
        const shown = formatDuration(row!.longestWaitMs!).split(':').reduce((a, b) => a * 60 + Number(b), 0);
        expect(row!.level === 'ok').toBe(shown <= warnAbove);
      }),
    );
  });
});

