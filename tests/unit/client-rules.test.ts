/**
 * The client's pure rules behind the browser tests, without a browser: who may open which
 * screen, the console's order of urgency, the 5-minute re-alert, today's figures, refusals in
 * words, the recent service level, and KPIs as tiles. (No server, no Chromium: unit tests of
 * the client's domain.)
 */
import { describe, expect, it } from 'vitest';
import type { ConflictLive } from '../../shared/snapshot.js';
import type { HistoryInterval, Kpi } from '../../shared/kpi.js';
import type { Me } from '../../shared/auth-api.js';
import { decide, safeNext, withLang } from '../../client/src/domain/route-access.js';
import { NORM_DEFAULTS } from '../../shared/norm-defaults.js';
import { byUrgency, dailyFigures, median, newlyEscalated, escalatedKeys, openConflicts, overdueMinutes, overdueStage } from '../../client/src/domain/escalations.js';
import { conflictLevel, summarizeConflicts } from '../../client/src/domain/conflict-status.js';
import { describeActionError } from '../../client/src/domain/action-errors.js';
import { intradaySeries, recentServiceLevel } from '../../client/src/domain/history-figures.js';
import { kpiFigure, kpiList, levelOf } from '../../client/src/domain/kpi-display.js';

const me = (role: Me['role']): Me => ({ login: role, role, sites: [] });

describe('route access', () => {
  it('sends each role home from /, walls by token, strangers to the login page', () => {
    expect(decide('root', '/', { hasDisplayToken: true, me: undefined })).toEqual({ redirect: '/wall' });
    expect(decide('root', '/', { hasDisplayToken: false, me: undefined })).toEqual({ needMe: true });
    expect(decide('root', '/', { hasDisplayToken: false, me: null })).toEqual({ redirect: '/login?next=%2F' });
    expect(decide('root', '/', { hasDisplayToken: false, me: me('duty') })).toEqual({ redirect: '/duty' });
    expect(decide('root', '/', { hasDisplayToken: false, me: me('manager') })).toEqual({ redirect: '/console' });
    expect(decide('root', '/', { hasDisplayToken: false, me: me('admin') })).toEqual({ redirect: '/console' });
    expect(decide('root', '/', { hasDisplayToken: false, me: me('wall') })).toEqual({ redirect: '/wall' });
  });

  it('opens the wall with a token without asking who is there, and guards duty and console by role', () => {
    expect(decide('wall', '/wall', { hasDisplayToken: true, me: undefined })).toEqual({ view: 'wall', display: true });
    expect(decide('wall', '/wall', { hasDisplayToken: false, me: me('duty') })).toEqual({ view: 'wall' });
    expect(decide('wall', '/wall', { hasDisplayToken: false, me: null })).toEqual({ redirect: '/login?next=%2Fwall' });
    expect(decide('console', '/console', { hasDisplayToken: true, me: me('duty') })).toEqual({ view: 'forbidden' });
    expect(decide('console', '/console', { hasDisplayToken: false, me: me('manager') })).toEqual({ view: 'console' });
    expect(decide('duty', '/duty?lang=en', { hasDisplayToken: false, me: null })).toEqual({ redirect: '/login?next=%2Fduty%3Flang%3Den' });
    expect(decide('duty', '/duty', { hasDisplayToken: false, me: me('wall') })).toEqual({ view: 'forbidden' });
    expect(decide('duty', '/duty', { hasDisplayToken: false, me: me('admin') })).toEqual({ view: 'duty' });
  });

  it('follows only same-origin paths after login, and keeps the language', () => {
    expect(safeNext('/console')).toBe('/console');
    for (const bad of ['//evil.example/x', 'https://evil.example', '/\\evil', '/login?next=/x', '', null]) expect(safeNext(bad)).toBeUndefined();
    expect(withLang('/login?next=%2F', '?lang=en')).toBe('/login?next=%2F&lang=en');
    expect(withLang('/duty', '')).toBe('/duty');
  });
});

const T = Date.parse('2026-11-25T10:00:00+11:00');
const c = (conflictId: string, o: Partial<ConflictLive> = {}): ConflictLive => ({ conflictId, agentId: 'op-1', severity: 'normal', raisedAt: T - 600_000, updatedAt: T - 600_000, ...o });
/** the standard's acknowledgement deadline (N13), as a site's norms carry it */
const ACK_MS = NORM_DEFAULTS.conflictAckSeconds * 1000;
const norms = { conflictAckSeconds: NORM_DEFAULTS.conflictAckSeconds };
const open1 = (conflict: ConflictLive) => openConflicts([{ site: 's', conflicts: [conflict], norms }])[0]!;

describe('escalations in the console', () => {
  it('puts unacknowledged first, then high severity, then the oldest', () => {
    const list = openConflicts([
      {
        site: 's',
        norms,
        conflicts: [
          c('acked-high', { severity: 'high', escalatedAt: T - 900_000, acknowledgedAt: T - 800_000 }),
          c('new-normal', { escalatedAt: T - 60_000 }),
          c('old-normal', { escalatedAt: T - 300_000 }),
          c('new-high', { severity: 'high', escalatedAt: T - 10_000 }),
        ],
      },
    ]);
    expect(byUrgency(list).map((x) => x.conflictId)).toEqual(['new-high', 'old-normal', 'new-normal', 'acked-high']);
  });

  it('alerts again at 5, 10, 15 minutes without acknowledgement, never once acknowledged', () => {
    const esc = open1(c('a', { escalatedAt: T }));
    expect(overdueStage(esc, T + ACK_MS - 1)).toBe(0);
    expect(overdueStage(esc, T + ACK_MS)).toBe(1);
    expect(overdueStage(esc, T + 2 * ACK_MS + 5)).toBe(2);
    expect(overdueMinutes(esc, 2)).toBe(10);
    expect(overdueStage({ ...esc, acknowledgedAt: T + 1000 }, T + 3 * ACK_MS)).toBe(0);
    expect(overdueStage(open1(c('raised-only')), T + 3 * ACK_MS)).toBe(0);
  });

  it("uses each site's own acknowledgement deadline, on the console and on the wall", () => {
    const sites = [
      { site: 'strict', conflicts: [c('s1', { escalatedAt: T })], norms: { conflictAckSeconds: 60 } },
      { site: 'default', conflicts: [c('d1', { escalatedAt: T })], norms },
    ];
    const [strict, byDefault] = openConflicts(sites);
    expect(overdueStage(strict!, T + 60_000)).toBe(1);
    expect(overdueMinutes(strict!, 3)).toBe(3);
    expect(overdueStage(byDefault!, T + 60_000)).toBe(0);
    const wall = summarizeConflicts(sites, T + 60_000);
    expect(wall).toMatchObject({ open: 2, unacknowledged: 2, overdue: 1 });
    expect(wall.rows.map((r) => [r.conflictId, r.overdue])).toEqual([['d1', false], ['s1', true]]);
    // amber while escalations are young, red once one is overdue
    expect(conflictLevel(1, 0)).toBe('warn');
    expect(conflictLevel(2, wall.overdue)).toBe('alarm');
    expect(conflictLevel(0, 0)).toBe('ok');
  });

  it('knows which escalations are new: new conflicts and conflicts escalated since', () => {
    const before = openConflicts([{ site: 's', norms, conflicts: [c('a', { escalatedAt: T }), c('b')] }]);
    const after = openConflicts([{ site: 's', norms, conflicts: [c('a', { escalatedAt: T }), c('b', { escalatedAt: T + 5 }), c('d', { escalatedAt: T + 6 }), c('e')] }]);
    expect(newlyEscalated(escalatedKeys(before), after).map((x) => x.key)).toEqual(['s/b', 's/d']);
  });

  it("counts today's raised, acknowledged and resolved, with median and average time to acknowledge", () => {
    const zone = 'Asia/Sakhalin';
    const f = dailyFigures({
      now: T,
      sites: [{ site: 's', timeZone: zone, today: { conflictsRaised: 4 }, conflicts: [c('open-acked', { escalatedAt: T - 300_000, acknowledgedAt: T - 240_000 }), c('open')] }],
      resolved: [
        { site: 's', conflictId: 'r1', severity: 'normal', raisedAt: T - 900_000, escalatedAt: T - 800_000, acknowledgedAt: T - 620_000, resolvedAt: T - 100_000, timeToAcknowledgeMs: 180_000, timeToResolveMs: 800_000 },
        { site: 's', conflictId: 'r2', severity: 'high', raisedAt: T - 700_000, acknowledgedAt: T - 400_000, resolvedAt: T - 50_000, timeToResolveMs: 650_000 },
        // yesterday (site-local): not today's
        { site: 's', conflictId: 'old', severity: 'normal', raisedAt: T - 2 * 86_400_000, acknowledgedAt: T - 2 * 86_400_000 + 1000, resolvedAt: T - 86_400_000 - 3_600_000 * 11, timeToResolveMs: 1 },
        // a site not shown
        { site: 'other', conflictId: 'x', severity: 'normal', raisedAt: T - 1000, acknowledgedAt: T - 500, resolvedAt: T - 100, timeToResolveMs: 900 },
      ],
    });
    expect(f).toEqual({ raised: 4, acknowledged: 3, resolved: 2, medianAckMs: 180_000, avgAckMs: (60_000 + 180_000 + 300_000) / 3 });
    expect(median([])).toBeNull();
    expect(median([4, 1, 3, 2])).toBe(2.5);
  });

  it("turns the server's refusals into message keys, keeping its words as the detail", () => {
    expect(describeActionError(409, 'conflict k-1 is already acknowledged by ivanova')).toEqual({ key: 'apiErrors.alreadyAcknowledged', params: { who: 'ivanova' }, detail: 'conflict k-1 is already acknowledged by ivanova' });
    expect(describeActionError(409, 'conflict k-1 is already owned by petrov')).toMatchObject({ key: 'apiErrors.alreadyOwned', params: { who: 'petrov' } });
    expect(describeActionError(409, 'conflict k-1 is already resolved by ivanova at 2026-11-25T01:00:00.000Z')).toMatchObject({ key: 'apiErrors.alreadyResolvedBy', params: { who: 'ivanova' } });
    expect(describeActionError(409, 'conflict k-1 is already yours').key).toBe('apiErrors.alreadyYours');
    expect(describeActionError(503, 'store unavailable').key).toBe('apiErrors.unavailable');
    expect(describeActionError(400, 'to: expected the login of a manager of kholmsk, got "x"')).toMatchObject({ key: 'apiErrors.notAManager', params: { who: 'x' } });
  });
});

const interval = (start: number, o: Partial<HistoryInterval> = {}): HistoryInterval => ({
  start,
  end: start + 900_000,
  offered: 0,
  answered: 0,
  abandoned: 0,
  abandonedShort: 0,
  answeredIn3Rings: 0,
  answeredInServiceLevel: 0,
  ringsPast3: 0,
  answeredIn3RingsShare: null,
  serviceLevel: null,
  abandonRate: null,
  avgConnectSeconds: null,
  asaSeconds: null,
  avgHandleSeconds: null,
  ...o,
});

describe('history figures', () => {
  it('takes the last 15 / 60 minutes as the whole intervals overlapping them', () => {
    const now = T + 5 * 60_000; // 10:05
    const list = [
      interval(T - 4_500_000, { answered: 10, answeredInServiceLevel: 0 }), // 08:45–09:00: before the hour
      interval(T - 2_700_000, { answered: 10, answeredInServiceLevel: 10 }),
      interval(T - 900_000, { answered: 4, answeredInServiceLevel: 2, abandoned: 2, abandonedShort: 1 }), // 09:45
      interval(T, { answered: 1, answeredInServiceLevel: 1 }), // 10:00, current
    ];
    const r = recentServiceLevel(list, now);
    expect(r.last15).toBeCloseTo(3 / 6);
    expect(r.last60).toBeCloseTo(13 / 16);
    expect(recentServiceLevel([], now)).toEqual({ last15: null, last60: null });
  });

  it('lines today and last week up by local hour, shares in %', () => {
    const week = 7 * 86_400_000;
    const s = intradaySeries([interval(T, { serviceLevel: 0.875 })], [interval(T - week, { serviceLevel: 0.5 }), interval(T - week + 3_600_000, { serviceLevel: 1 })], 'Asia/Sakhalin', 'serviceLevel');
    expect(s).toEqual({ labels: ['10:00', '11:00'], today: [87.5, null], lastWeek: [50, 100] });
  });
});

describe('KPIs as tiles', () => {
  const kpi = (o: Partial<Kpi>): Kpi => ({ id: 'serviceLevel', norm: 'N1', unit: 'ratio', value: 0.8, target: 0.8, status: 'ok', thresholds: {}, ...o });
  it('orders by norm number, maps status to level, and survives a missing record', () => {
    const list = kpiList({ handleAvg: kpi({ id: 'handleAvg', norm: 'N3' }), appealsOpen: kpi({ id: 'appealsOpen', norm: 'N10' }), asa: kpi({ id: 'asa', norm: 'N2' }), abandonRate: kpi({ id: 'abandonRate' }) });
    expect(list.map((k) => k.id)).toEqual(['abandonRate', 'asa', 'handleAvg', 'appealsOpen']);
    expect(kpiList(undefined)).toEqual([]);
    expect(levelOf('alert')).toBe('alarm');
    expect(levelOf('warn')).toBe('warn');
    expect(kpiFigure('flag', 1)).toEqual({ kind: 'flag', value: true });
    expect(kpiFigure('ratio', null)).toEqual({ kind: 'none' });
  });
});
