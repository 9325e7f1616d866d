/**
 * Issue 15: a site's KPI threshold overrides (the sites file's `thresholds`) recolour the wall
 * as they recolour the duty view — the wall draws the server's statuses, and judges what it
 * ticks on between updates with the site's own thresholds. Two walls, one per site, the same
 * traffic at both: the site with overrides is coloured by them, the other by the defaults.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ObzorEvent } from '../../shared/events.js';
import { SiteConfig } from '../../server/domain/sites.js';
import { ev } from '../helpers/event-factory.js';
import { FULL_HD, launchChromium, screenshot, waitForValue, watchPageProblems } from '../helpers/browser.js';
import { startTestApp, type TestApp } from '../helpers/start-app.js';

const DEFAULTS_TOKEN = 'test-wall-defaults-0123456789abcdef';
const OVERRIDES_TOKEN = 'test-wall-overrides-0123456789abcdef';

/**
 * the sites file: Kholmsk judges the N1 share more leniently, the N2 average more strictly and the longest wait later than the defaults;
 * both open around the clock, so their figures are judged at any hour the test runs (a closed site's rest: closed-lines.ts)
 */
const SITES = [
  { id: 'yuzhno-sakhalinsk', name: { ru: 'Южно-Сахалинск', en: 'Yuzhno-Sakhalinsk' }, hours: '24/7' },
  {
    id: 'kholmsk',
    name: { ru: 'Холмск', en: 'Kholmsk' },
    hours: '24/7',
    thresholds: {
      answeredIn3Rings: { warnBelow: 0.85, alertBelow: 0.8 },
      connectAvg: { target: 20, warnAbove: 20, alertAbove: 30 },
      longestWait: { warnAbove: 65, alertAbove: 600 },
    },
  },
];

let app: TestApp;
let browser: Browser;
let defaults: Page;
let overrides: Page;
const problems: string[] = [];

beforeAll(async () => {
  const sitesFile = path.join(mkdtempSync(path.join(tmpdir(), 'obzor-thresholds-')), 'sites.json');
  writeFileSync(sitesFile, JSON.stringify(SITES));
  // the file makes the display tokens' sites known; the app runs on the same sites, parsed as the server parses them
  app = await startTestApp({ sites: SITES.map((x) => SiteConfig.parse(x)) }, { OBZOR_SITES_FILE: sitesFile, OBZOR_DISPLAY_TOKENS: `hall-yu=${DEFAULTS_TOKEN}@yuzhno-sakhalinsk,hall-kh=${OVERRIDES_TOKEN}@kholmsk` });
  browser = await launchChromium();
  const open = async (token: string) => {
    const p = await (await browser.newContext({ viewport: FULL_HD })).newPage();
    problems.push(...watchPageProblems(p));
    await p.goto(`${app.url}/wall#token=${token}`);
    await p.waitForSelector('[data-testid="conn-status"][data-status="live"], [data-testid="conn-status"][data-status="degraded"]', { timeout: 10_000 });
    return p;
  };
  [defaults, overrides] = await Promise.all([open(DEFAULTS_TOKEN), open(OVERRIDES_TOKEN)]);
});

afterAll(async () => {
  await browser?.close();
  await app?.close();
});

/** The level mark drawn next to a figure (● ok, ▲ warn, ■ alarm) and the colour it is drawn in. */
function markOf(p: Page, testId: string): Promise<{ level: string | null; color: string } | null> {
  return p.evaluate((id) => {
    const mark = document.querySelector(`[data-testid="${id}"]`)?.parentElement?.querySelector('.mark');
    return mark ? { level: mark.getAttribute('data-level'), color: getComputedStyle(mark).color } : null;
  }, testId);
}

function waitForLevel(p: Page, testId: string, level: string, timeout = 5000): Promise<unknown> {
  return p.waitForFunction(
    ([id, want]) => document.querySelector(`[data-testid="${id}"]`)?.parentElement?.querySelector('.mark')?.getAttribute('data-level') === want,
    [testId, level] as const,
    { timeout },
  );
}

/** Ten answered calls (one rang 20 s: 90 % within 3 rings; 25 s to the specialist each) and one caller waiting since `waitingSince`. */
function traffic(site: string, base: number, waitingSince: number): ObzorEvent[] {
  const o = { base, site };
  const out: ObzorEvent[] = [];
  for (let i = 0; i < 10; i++) {
    const callId = `th-${site}-${i}`;
    const at = i * 3;
    out.push(
      ev('call.queued', at, { callId, queue: 'hotline', line: 'hotline' }, o),
      ev('call.offered', at + 5, { callId, agentId: `op-${i}` }, o),
      ev('call.answered', at + 5 + (i === 9 ? 20 : 10), { callId, agentId: `op-${i}` }, o),
      ev('call.connected', at + 25, { callId, specialistId: 'sp-1' }, o),
    );
  }
  out.push(ev('call.queued', 0, { callId: `th-${site}-waiting`, queue: 'hotline', line: 'hotline' }, { base: waitingSince, site }));
  return out;
}

describe("wall colours follow a site's threshold overrides", () => {
  it("judges the day's N1 share, the N2 average and the longest wait by the site's own limits", async () => {
    const now = Date.now();
    // the waiting caller: 50 s at the start (amber by the default 40 s), 65 s later past Kholmsk's limit
    const res = await app.post([...traffic('yuzhno-sakhalinsk', now - 120_000, now - 50_000), ...traffic('kholmsk', now - 120_000, now - 50_000)]);
    expect(res.json.results.filter((r: { status: string }) => r.status !== 'accepted')).toEqual([]);
    for (const p of [defaults, overrides]) {
      await waitForValue(p, 'today-answered', 10);
      await waitForValue(p, 'queue-waiting-hotline', 1);
    }
    // the same figures at both sites
    for (const p of [defaults, overrides]) {
      expect(await p.getAttribute('[data-testid="today-in-3-rings"]', 'data-value')).toBe('0.9');
      expect(await p.getAttribute('[data-testid="today-avg-connect"]', 'data-value')).toBe('25000');
    }

    // N1 90 %: amber by the default (below 95 %), fine at Kholmsk (amber only below 85 %)
    expect((await markOf(defaults, 'today-in-3-rings'))?.level).toBe('warn');
    expect((await markOf(overrides, 'today-in-3-rings'))?.level).toBe('ok');
    // N2 25 s: fine by the default 40 s, amber at Kholmsk (20 s), whose target the note quotes
    expect((await markOf(defaults, 'today-avg-connect'))?.level).toBe('ok');
    expect((await markOf(overrides, 'today-avg-connect'))?.level).toBe('warn');
    expect(await overrides.textContent('.fig:has([data-testid="today-avg-connect"]) .fig__note')).toContain('20');
    expect(await defaults.textContent('.fig:has([data-testid="today-avg-connect"]) .fig__note')).toContain('40');
    // the longest wait, ~50 s: amber (or red) by the default 40 s / 80 s, fine at Kholmsk until 65 s
    expect((await markOf(defaults, 'queue-longest-hotline'))?.level).not.toBe('ok');
    expect((await markOf(overrides, 'queue-longest-hotline'))?.level).toBe('ok');
    // different levels are different colours on screen
    const [amber, fine] = [await markOf(defaults, 'today-in-3-rings'), await markOf(overrides, 'today-in-3-rings')];
    expect(amber!.color).not.toBe(fine!.color);

    // the wait ticks on without any new event: past 65 s Kholmsk's own limit turns it amber
    await waitForLevel(overrides, 'queue-longest-hotline', 'warn', 25_000);
    await screenshot(defaults, 'wall-thresholds-defaults');
    await screenshot(overrides, 'wall-thresholds-overrides');
    expect(problems).toEqual([]);
  }, 45_000);

  it('draws on one screen at 1366×768, 1920×1080 and 3840×2160', async () => {
    for (const [width, height] of [
      [1366, 768],
      [1920, 1080],
      [3840, 2160],
    ] as const) {
      await overrides.setViewportSize({ width, height });
      await overrides.waitForFunction(([w, h]) => window.innerWidth === w && window.innerHeight === h, [width, height] as const);
      await screenshot(overrides, `wall-thresholds-${width}x${height}`);
      // the wall never scrolls
      expect(await overrides.evaluate(() => document.documentElement.scrollHeight <= window.innerHeight && document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
    }
  });
});
