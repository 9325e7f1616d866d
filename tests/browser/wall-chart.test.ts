/**
 * Issue 14.7: the wall's hourly chart in a real browser against the real server, with a day of
 * calls today (some in the running hour) and on the same weekday a week ago, at 1366×768,
 * 1920×1080 and 3840×2160: tick fonts at least 2 % of the screen's height, whole-number ticks
 * only, the running hour marked as partial, the legend's days in Russian by default and in
 * English with ?lang=en, numbers in the app's locale. Read from the drawn chart (the box's
 * data- attributes IntradayChart writes after each render) and from the page's own text.
 */
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ObzorEvent } from '../../shared/events.js';
import { localHourStart } from '../../client/src/domain/hourly-trend.js';
import { SiteConfig } from '../../server/domain/sites.js';
import { ev } from '../helpers/event-factory.js';
import { launchChromium, screenshot, SCREENSHOTS, watchPageProblems } from '../helpers/browser.js';
import { startTestApp, WALL_TOKEN, type TestApp } from '../helpers/start-app.js';
import { waitUntil } from '../helpers/wait-until.js';

/**
 * Zones without daylight saving, one per whole-hour offset from UTC (Sakhalin is +11). The test
 * runs its site in the one where it is early afternoon now, so whenever it runs "today" has a
 * morning of calls before the running hour and the week ago an evening after it; the chart
 * follows the site's zone, whichever it is.
 */
const ZONES = [
  'Pacific/Pago_Pago', 'Pacific/Honolulu', 'Pacific/Gambier', 'Pacific/Pitcairn', 'America/Phoenix', 'America/Regina', 'America/Bogota', 'America/La_Paz',
  'America/Argentina/Buenos_Aires', 'America/Noronha', 'Atlantic/Cape_Verde', 'Africa/Abidjan', 'Africa/Lagos', 'Africa/Johannesburg', 'Europe/Moscow', 'Asia/Dubai',
  'Asia/Tashkent', 'Asia/Dhaka', 'Asia/Bangkok', 'Asia/Shanghai', 'Asia/Tokyo', 'Australia/Brisbane', 'Asia/Sakhalin', 'Pacific/Tarawa',
];
const localHour = (ms: number, zone: string) => Number(new Intl.DateTimeFormat('en-GB', { timeZone: zone, hour: '2-digit', hourCycle: 'h23' }).format(ms));
const TZ = ZONES.reduce((best, z) => (Math.abs(localHour(Date.now(), z) - 14) < Math.abs(localHour(Date.now(), best) - 14) ? z : best), 'Asia/Sakhalin');
const SITE = 'hall';
const HOUR = 3_600_000;
const WEEK = 7 * 86_400_000;
const SIZES = [
  { width: 1366, height: 768 },
  { width: 1920, height: 1080 },
  { width: 3840, height: 2160 },
] as const;
// the oracle for the legend's words, independent of the browser's Intl
const RU_WEEKDAYS = ['воскресенье', 'понедельник', 'вторник', 'среда', 'четверг', 'пятница', 'суббота'];
const EN_WEEKDAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const RU_MONTHS = ['января', 'февраля', 'марта', 'апреля', 'мая', 'июня', 'июля', 'августа', 'сентября', 'октября', 'ноября', 'декабря'];
const EN_MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

let app: TestApp;
let browser: Browser;
let page: Page;
let problems: string[] = [];
/** the counts are as of about now: the page reads them when it opens */
let hourStart = 0;
let currentHourCalls = 0;

/** site-local calendar parts of an instant (numbers only) */
function localParts(ms: number): { day: number; month: number; weekday: number } {
  const p = new Intl.DateTimeFormat('en-US', { timeZone: TZ, year: 'numeric', month: 'numeric', day: 'numeric' }).formatToParts(ms);
  const n = (t: string) => Number(p.find((x) => x.type === t)!.value);
  const y = n('year');
  const m = n('month');
  const d = n('day');
  return { day: d, month: m - 1, weekday: new Date(Date.UTC(y, m - 1, d)).getUTCDay() };
}

const localHourLabel = (ms: number) => new Intl.DateTimeFormat('ru-RU', { timeZone: TZ, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(ms);

function call(callId: string, at: number): ObzorEvent[] {
  const o = { base: at, site: SITE };
  return [
    ev('call.queued', 0, { callId, queue: 'hotline', line: 'hotline', clientType: 'individual' }, o),
    ev('call.offered', 4, { callId, agentId: 'op-1' }, o),
    ev('call.answered', 8, { callId, agentId: 'op-1' }, o),
    ev('call.ended', 30, { callId, outcome: 'resolved' }, o),
  ];
}

beforeAll(async () => {
  app = await startTestApp({ sites: [SiteConfig.parse({ id: SITE, name: { ru: 'Зал', en: 'Hall' }, timeZone: TZ })] });
  // a running hour needs a few seconds behind it for calls of its own
  await waitUntil(() => Date.now() - localHourStart(Date.now(), TZ) > 3_000 || undefined, 'a few seconds into the hour', 5_000, 100);
  const now = Date.now();
  hourStart = localHourStart(now, TZ);
  const dayStart = hourStart - Number(localHourLabel(hourStart).slice(0, 2)) * HOUR;
  const events: ObzorEvent[] = [];
  // at most two calls an hour: an axis left to itself would tick 0, 0.5, 1, 1.5, 2
  for (const [k, n] of [[1, 2], [2, 1], [3, 2], [4, 1], [5, 2]] as const) {
    const h = hourStart - k * HOUR;
    if (h >= dayStart) for (let i = 0; i < n; i++) events.push(...call(`c-today-${k}-${i}`, h + 60_000 + i * 600_000));
  }
  // the running hour so far: one call (two when the hour is far enough on)
  const soFar = now - hourStart;
  const times = soFar > 120_000 ? [hourStart + soFar / 3, hourStart + (2 * soFar) / 3] : [hourStart + soFar / 2];
  times.forEach((t, i) => events.push(...call(`c-now-${i}`, Math.round(t))));
  currentHourCalls = times.length;
  // the same weekday a week ago: whole hours, and the running hour before and after this minute
  const weekAgo = now - WEEK;
  for (const [k, n] of [[-2, 1], [-1, 2], [0, 0], [1, 2], [2, 1]] as const) {
    for (let i = 0; i < n; i++) events.push(...call(`c-week-${k}-${i}`, hourStart - WEEK + k * HOUR + 120_000 + i * 900_000));
  }
  events.push(...call('c-week-before', Math.round(hourStart - WEEK + (weekAgo - (hourStart - WEEK)) / 2)));
  if (hourStart - WEEK + HOUR - weekAgo > 60_000) events.push(...call('c-week-after', weekAgo + 30_000));
  const res = await app.post(events);
  expect(res.json.results.filter((r: { status: string }) => r.status !== 'accepted')).toEqual([]);

  browser = await launchChromium();
  page = await (await browser.newContext({ viewport: SIZES[0] })).newPage();
  problems = watchPageProblems(page);
});

afterAll(async () => {
  await browser?.close();
  await app?.close();
});

interface Drawn {
  fontPx: number;
  tickPx: number;
  yTicks: { value: number; label: string }[];
  xTicks: string[];
  partial: string;
  caption: string;
  locale: string;
  legend: { series: string; text: string; fontPx: number; bottom: number }[];
  tileBottom: number;
  plotHeight: number;
  aria: string;
  innerHeight: number;
}

const CHART = '[data-testid="wall-trend"] .chart-box';

function drawn(p: Page): Promise<Drawn> {
  return p.evaluate((sel) => {
    const box = document.querySelector<HTMLElement>(sel)!;
    const d = box.dataset;
    const tile = box.closest('.tile')!.getBoundingClientRect();
    return {
      fontPx: Number(d.fontPx),
      tickPx: Number(d.tickPx),
      yTicks: JSON.parse(d.yTicks ?? '[]'),
      xTicks: JSON.parse(d.xTicks ?? '[]'),
      partial: d.partial ?? '',
      caption: d.caption ?? '',
      locale: d.locale ?? '',
      legend: [...box.querySelectorAll<HTMLElement>('[data-testid="chart-legend"] li')].map((li) => ({
        series: li.dataset.series ?? '',
        text: li.textContent?.trim() ?? '',
        fontPx: parseFloat(getComputedStyle(li).fontSize),
        bottom: li.getBoundingClientRect().bottom,
      })),
      tileBottom: tile.bottom,
      plotHeight: box.querySelector('.chart-plot')!.getBoundingClientRect().height,
      aria: box.querySelector('canvas')?.getAttribute('aria-label') ?? '',
      innerHeight: window.innerHeight,
    };
  }, CHART);
}

/** the chart drawn for this viewport: its tick font re-read from the wall's unit after a resize */
async function chartAt(p: Page, size: { width: number; height: number }): Promise<Drawn> {
  await p.setViewportSize(size);
  await p.waitForFunction(
    ([sel, h]) => {
      const box = document.querySelector<HTMLElement>(sel);
      const d = box?.dataset;
      const plot = box?.querySelector('.chart-plot')?.clientHeight ?? -1;
      // the last render was at this size and with this font (not one between the resize and the font's update)
      return d?.partial && window.innerHeight === h && Math.abs(Number(d.drawnHeight) - plot) < 1 && Number(d.tickPx) === Number(d.fontPx) && Math.abs(Number(d.fontPx) - 0.022 * h) < 1;
    },
    [CHART, size.height] as const,
    { timeout: 10_000 },
  );
  return drawn(p);
}

const live = (p: Page) => p.waitForSelector('[data-testid="conn-status"][data-status="live"], [data-testid="conn-status"][data-status="degraded"]', { timeout: 10_000 });

describe('the wall’s hourly chart', () => {
  it('scales its fonts with the screen, ticks whole calls, and marks the running hour as partial, in Russian', async () => {
    await page.goto(`${app.url}/wall#token=${WALL_TOKEN}`);
    await live(page);
    await page.waitForSelector(`${CHART}[data-partial]`, { timeout: 10_000 });
    const today = localParts(hourStart);
    const weekAgo = localParts(hourStart - WEEK);
    const hourLabel = localHourLabel(hourStart);
    for (const size of SIZES) {
      const d = await chartAt(page, size);
      const at = `${size.width}×${size.height}`;
      expect(d.tickPx, `ticks at ${at}`).toBeGreaterThanOrEqual(0.02 * d.innerHeight);
      for (const li of d.legend) expect(li.fontPx, `legend at ${at}`).toBeGreaterThanOrEqual(0.02 * d.innerHeight);
      // whole numbers only, and from 0 up to at least the busiest hour (2 calls)
      expect(d.yTicks.length, at).toBeGreaterThanOrEqual(2);
      for (const k of d.yTicks) {
        expect(Number.isInteger(k.value), `tick ${k.value} at ${at}`).toBe(true);
        expect(k.label).toMatch(/^\d+$/);
      }
      expect(d.yTicks.map((k) => k.value)).toContain(0);
      expect(Math.max(...d.yTicks.map((k) => k.value))).toBeGreaterThanOrEqual(2);
      // hours on the axis, not rotated into a tangle: a readable handful
      expect(d.xTicks.length).toBeGreaterThanOrEqual(3);
      expect(d.xTicks.length).toBeLessThanOrEqual(8);
      // the running hour is marked as such, its count up to this minute said in words too
      expect(d.partial).toBe(hourLabel);
      expect(d.caption).toMatch(/^идёт( · к \d\d:\d\d)?$/);
      expect(d.aria).toMatch(new RegExp(`Час с ${hourLabel} идёт: к \\d\\d:\\d\\d сегодня ${currentHourCalls}, неделю назад к этой минуте \\d+\\.`));
      // the legend: today by date, the week ago by weekday
      expect(d.legend.map((l) => [l.series, l.text])).toEqual([
        ['today', `сегодня, ${today.day} ${RU_MONTHS[today.month]}`],
        ['last-week', `${RU_WEEKDAYS[weekAgo.weekday]} неделю назад`],
      ]);
      // nothing cut off: the legend inside its tile, room left for the plot
      for (const li of d.legend) expect(li.bottom, `legend inside the tile at ${at}`).toBeLessThanOrEqual(d.tileBottom);
      expect(d.plotHeight, `plot height at ${at}`).toBeGreaterThanOrEqual(4 * d.tickPx);
      expect(d.locale).toBe('ru-RU');
      await screenshot(page, `wall-chart-${size.width}x${size.height}`);
      // the tile alone, at the screen's own pixels, to look at the chart close up
      await page.locator('.tile', { has: page.getByTestId('wall-trend') }).screenshot({ path: path.join(SCREENSHOTS, `wall-chart-tile-${size.width}x${size.height}.png`) });
    }
    expect(problems).toEqual([]);
  });

  it('speaks English with ?lang=en: the legend’s days and the numbers’ locale', async () => {
    await page.goto(`${app.url}/wall?lang=en`);
    await live(page);
    await page.waitForSelector(`${CHART}[data-partial]`, { timeout: 10_000 });
    const d = await chartAt(page, { width: 1920, height: 1080 });
    const today = localParts(hourStart);
    const weekAgo = localParts(hourStart - WEEK);
    expect(d.legend.map((l) => l.text)).toEqual([`today, ${today.day} ${EN_MONTHS[today.month]}`, `${EN_WEEKDAYS[weekAgo.weekday]} a week ago`]);
    expect(d.caption).toMatch(/^in progress( · by \d\d:\d\d)?$/);
    expect(d.locale).toBe('en-GB');
    expect(d.aria).toContain(`The hour from ${localHourLabel(hourStart)} is in progress`);
    for (const k of d.yTicks) expect(Number.isInteger(k.value)).toBe(true);
    await screenshot(page, 'wall-chart-1920x1080-en');
    expect(problems).toEqual([]);
  });
});
