import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { CallbackWindow, classifyCallback, windowDueAt } from '../../server/domain/callback-window.js';
import { callbackState } from '../../shared/deadline-states.js';
import { ALWAYS, Hours, isOpenAt, nextOpenAtOrAfter, openStateAt, rangesOnDate, WeeklyHours } from '../../server/domain/site-hours.js';
import { DEFAULT_SITES, SiteConfig } from '../../server/domain/sites.js';

const SAKHALIN = 'Asia/Sakhalin';
const t = (iso: string) => Date.parse(iso);

const lunch = WeeklyHours.parse({
  mon: ['08:00-12:00', '13:00-17:00'],
  tue: ['08:00-12:00', '13:00-17:00'],
  wed: ['08:00-12:00', '13:00-17:00'],
  thu: ['08:00-12:00', '13:00-17:00'],
  fri: ['08:00-12:00', '13:00-16:00'],
});

describe('working hours (N15)', () => {
  it.each([
    ['Wed 07:59', '2026-11-18T07:59:00+11:00', false, '2026-11-18T08:00:00+11:00'],
    ['Wed 08:00', '2026-11-18T08:00:00+11:00', true, '2026-11-18T12:00:00+11:00'],
    ['Wed 12:30 (lunch)', '2026-11-18T12:30:00+11:00', false, '2026-11-18T13:00:00+11:00'],
    ['Wed 16:59:59', '2026-11-18T16:59:59+11:00', true, '2026-11-18T17:00:00+11:00'],
    ['Wed 17:00 (closed at the end of the range)', '2026-11-18T17:00:00+11:00', false, '2026-11-19T08:00:00+11:00'],
    ['Fri 16:00 (short Friday) → Monday', '2026-11-20T16:00:00+11:00', false, '2026-11-23T08:00:00+11:00'],
    ['Sat → Monday', '2026-11-21T10:00:00+11:00', false, '2026-11-23T08:00:00+11:00'],
    ['Tue 3 Nov, the eve of a holiday → Thu 5 Nov', '2026-11-03T17:30:00+11:00', false, '2026-11-05T08:00:00+11:00'],
    ['Wed 4 Nov 2026, National Unity Day (production calendar)', '2026-11-04T10:00:00+11:00', false, '2026-11-05T08:00:00+11:00'],
  ])('%s', (_name, at, open, next) => {
    expect(openStateAt(lunch, t(at), SAKHALIN)).toEqual({ open, nextChangeAt: t(next) });
    expect(isOpenAt(lunch, t(at), SAKHALIN)).toBe(open);
  });

  it('a weekly-only calendar ignores public holidays', () => {
    const weekly = WeeklyHours.parse({ ...lunch, calendar: 'weekly' });
    expect(isOpenAt(weekly, t('2026-11-04T10:00:00+11:00'), SAKHALIN)).toBe(true);
  });

  it('a Saturday made working by decree (1 Nov 2025) opens with Monday’s hours, or its own', () => {
    expect(rangesOnDate(lunch, '2025-11-01')).toEqual([
      [480, 720],
      [780, 1020],
    ]);
    expect(rangesOnDate(WeeklyHours.parse({ ...lunch, workingWeekend: '09:00-13:00' }), '2025-11-01')).toEqual([[540, 780]]);
    expect(rangesOnDate(lunch, '2025-11-03')).toEqual([]); // the Monday it was moved to
    expect(rangesOnDate(WeeklyHours.parse({ ...lunch, calendar: 'weekly' }), '2025-11-01')).toEqual([]);
  });

  it('24/7 is always open and never changes; a day to 24:00 joins the next one', () => {
    expect(openStateAt(ALWAYS, t('2026-01-01T03:00:00+11:00'), SAKHALIN)).toEqual({ open: true });
    const nights = WeeklyHours.parse({ mon: '20:00-24:00', tue: '00:00-08:00', calendar: 'weekly' });
    expect(openStateAt(nights, t('2026-11-16T23:00:00+11:00'), SAKHALIN)).toEqual({ open: true, nextChangeAt: t('2026-11-17T08:00:00+11:00') });
  });

  it('a unit never open is closed with no opening known', () => {
    expect(openStateAt(WeeklyHours.parse({}), t('2026-11-18T10:00:00+11:00'), SAKHALIN)).toEqual({ open: false });
    expect(nextOpenAtOrAfter(WeeklyHours.parse({}), t('2026-11-18T10:00:00+11:00'), SAKHALIN)).toBeUndefined();
  });

  it('validates ranges', () => {
    expect(Hours.safeParse({ mon: '17:00-08:00' }).success).toBe(false);
    expect(Hours.safeParse({ mon: '8:00-17:00' }).success).toBe(false);
    expect(Hours.safeParse({ mon: '08:00-24:00' }).success).toBe(true);
    expect(Hours.safeParse({ monday: '08:00-17:00' }).success).toBe(false);
    expect(Hours.safeParse('24/7').success).toBe(true);
  });
});

describe('callback window (N11: daily 09:00–17:30)', () => {
  const w = CallbackWindow.parse({});

  it.each([
    ['inside: due at once', '2026-11-18T10:00:00+11:00', '2026-11-18T10:00:00+11:00'],
    ['after 17:30: the next morning', '2026-11-18T18:00:00+11:00', '2026-11-19T09:00:00+11:00'],
    ['before 09:00: that morning', '2026-11-18T07:00:00+11:00', '2026-11-18T09:00:00+11:00'],
    ['on a Saturday too (daily)', '2026-11-21T08:00:00+11:00', '2026-11-21T09:00:00+11:00'],
    ['exactly 17:30 is outside', '2026-11-18T17:30:00+11:00', '2026-11-19T09:00:00+11:00'],
  ])('%s', (_name, due, effective) => {
    expect(windowDueAt(w, t(due), SAKHALIN)).toBe(t(effective));
  });

  it('a window of working days only skips the weekend and holidays', () => {
    const working = CallbackWindow.parse({ days: 'working' });
    expect(windowDueAt(working, t('2026-11-20T18:00:00+11:00'), SAKHALIN)).toBe(t('2026-11-23T09:00:00+11:00'));
    expect(windowDueAt(working, t('2026-11-03T18:00:00+11:00'), SAKHALIN)).toBe(t('2026-11-05T09:00:00+11:00'));
  });

  it('partitions the backlog: overdue, waiting for the window, due today, later', () => {
    const endOfDay = t('2026-11-18T23:59:59.999+11:00');
    const now = t('2026-11-18T20:00:00+11:00');
    expect(callbackState(t('2026-11-18T17:00:00+11:00'), t('2026-11-18T17:00:00+11:00'), now, endOfDay)).toBe('overdue');
    expect(callbackState(t('2026-11-18T18:00:00+11:00'), t('2026-11-19T09:00:00+11:00'), now, endOfDay)).toBe('waiting_window');
    expect(callbackState(t('2026-11-18T21:00:00+11:00'), t('2026-11-19T09:00:00+11:00'), now, endOfDay)).toBe('due_today');
    expect(callbackState(t('2026-11-19T10:00:00+11:00'), t('2026-11-19T10:00:00+11:00'), now, endOfDay)).toBe('later');
    // a missed 17:00 callback stays overdue after the window closes: it was due while it was open
    expect(classifyCallback({ ref: 'call:x', kind: 'call', dueAt: t('2026-11-18T17:00:00+11:00') }, w, now, SAKHALIN).state).toBe('overdue');
    // the same callback due at 18:00 is waiting, and becomes overdue once the window has opened
    const late = { ref: 'call:y', kind: 'call' as const, dueAt: t('2026-11-18T18:00:00+11:00') };
    expect(classifyCallback(late, w, now, SAKHALIN)).toMatchObject({ state: 'waiting_window', windowDueAt: t('2026-11-19T09:00:00+11:00') });
    expect(classifyCallback(late, w, t('2026-11-19T08:59:00+11:00'), SAKHALIN).state).toBe('waiting_window');
    expect(classifyCallback(late, w, t('2026-11-19T09:00:01+11:00'), SAKHALIN).state).toBe('overdue');
    // one long overdue (outside the laid-out weeks) still classifies
    expect(classifyCallback({ ref: 'call:z', kind: 'call', dueAt: t('2026-09-01T20:00:00+11:00') }, w, now, SAKHALIN)).toMatchObject({ state: 'overdue', windowDueAt: t('2026-09-02T09:00:00+11:00') });
  });
});

describe('the sites file', () => {
  const example = z.array(SiteConfig).parse(JSON.parse(readFileSync(new URL('../../config/sites.example.json', import.meta.url), 'utf8')));

  it('the example validates: the central office with a 24/7 hotline, territorial units, one in another time zone', () => {
    expect(new Set(example.map((s) => s.id)).size).toBe(example.length);
    const central = example.find((s) => s.id === 'yuzhno-sakhalinsk')!;
    expect(central).toMatchObject({ timeZone: 'Asia/Sakhalin', hotlineHours: '24/7' });
    expect(example.length).toBeGreaterThanOrEqual(4);
    const offsets = new Set(example.map((s) => new Intl.DateTimeFormat('en', { timeZone: s.timeZone, timeZoneName: 'longOffset' }).format(0)));
    expect(offsets.size).toBeGreaterThan(1);
    expect(example.find((s) => s.id === 'korsakov')!.thresholds.serviceLevel).toEqual({ target: 0.75, warnBelow: 0.75, alertBelow: 0.6 });
  });

  it('defaults: Asia/Sakhalin, Mon–Fri 08:00–17:00, the standard’s norms; the built-in central office has its hotline 24/7', () => {
    const s = SiteConfig.parse({ id: 'x', name: { ru: 'Икс', en: 'X' } });
    expect(s.timeZone).toBe('Asia/Sakhalin');
    expect(s.norms).toMatchObject({ ringSeconds: 5, ringsToAnswer: 3, connectTargetSeconds: 40, handleMinSeconds: 300, handleMaxSeconds: 600, callbackWindow: { hours: '09:00-17:30', days: 'daily' } });
    expect(s.hours).toMatchObject({ mon: '08:00-17:00', fri: '08:00-17:00', calendar: 'production' });
    expect(s.hotlineHours).toBeUndefined();
    expect(DEFAULT_SITES[0]).toMatchObject({ id: 'yuzhno-sakhalinsk', hotlineHours: '24/7' });
  });

  it.each([
    ['a range the wrong way round', { hours: { mon: '17:00-08:00' } }, 'hours'],
    ['an unknown KPI', { thresholds: { answeredIn4Rings: { warnBelow: 1 } } }, 'thresholds'],
    ['an unknown limit', { thresholds: { serviceLevel: { warnUnder: 1 } } }, 'thresholds'],
    ['an N3 band upside down', { norms: { handleMinSeconds: 700 } }, 'norms'],
    ['an unknown time zone', { timeZone: 'Asia/Atlantis' }, 'timeZone'],
  ])('rejects %s', (_name, extra, path) => {
    const r = SiteConfig.safeParse({ id: 'x', name: { ru: 'Икс', en: 'X' }, ...extra });
    expect(r.success).toBe(false);
    expect(r.error!.issues[0]!.path[0]).toBe(path);
  });
});
