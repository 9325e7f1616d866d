/**
 * The wall at the three screens of issue 14 (1366×768, 1920×1080, 3840×2160, device scale 1):
 * at each, a screenshot and the page's own measure of its text (wall-geometry.ts) — nothing
 * cut off or overlapping, no label under 2 % of the height, no scrolling — then the test's own check.
 */
import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import { screenshot } from './browser.js';
import { wallGeometry } from './wall-geometry.js';

export const WALL_SIZES = [
  [1366, 768],
  [1920, 1080],
  [3840, 2160],
] as const;

export async function atEverySize(page: Page, name: string, check: (size: string) => Promise<void>): Promise<void> {
  for (const [width, height] of WALL_SIZES) {
    await page.setViewportSize({ width, height });
    await page.waitForFunction(([w, h]) => window.innerWidth === w && window.innerHeight === h, [width, height] as const);
    // a frame for the layout to settle (fit-to-box measures after the resize)
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
    const size = `${width}x${height}`;
    await screenshot(page, `wall-${name}-${size}`);
    const g = await wallGeometry(page);
    expect(g.problems, `${name} at ${size}`).toEqual([]);
    expect(g.minLabelPct, `${name} at ${size}: smallest label`).toBeGreaterThanOrEqual(1.95);
    expect(await page.evaluate(() => document.documentElement.scrollHeight <= window.innerHeight)).toBe(true);
    await check(size);
  }
}
