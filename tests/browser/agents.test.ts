/**
 * The operator board (/agents, issue 14 item 5) in a real browser: 180 operators across four
 * sites, signed in as duty; the ones that need a look first (the longest ringing, the longest
 * pause, after-call work past the limit), time in state ticking on an injected clock, today's
 * figures from the server, operators' names (the PBX's, the sites file's over it) with the id
 * beside them and the pause reason by the state, every row readable (no clipped or overlapping text) at 1366×768,
 * 1920×1080 and 3840×2160, in English with ?lang=en, and no serious accessibility violations.
 */
import type { Browser, Page } from 'playwright-core';
import { DateTime } from 'luxon';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AgentStateName, ObzorEvent } from '../../shared/events.js';
import { ev } from '../helpers/event-factory.js';
import { launchChromium, screenshot, seriousA11yViolations, signIn, watchPageProblems } from '../helpers/browser.js';
import { startTestApp, type TestApp } from '../helpers/start-app.js';
import { SAKHALIN_SITES, postAll } from '../helpers/wall-loads.js';

/** the sites file names two operators of the first site; `op-2`'s name wins over the PBX's */
const AGENT_NAMES = { 'op-2': 'Иванова А.', 'op-4': 'Константинопольская-Верхнеднепровская Александра Владимировна' };
const SITES = SAKHALIN_SITES.slice(0, 4).map((s, i) => (i === 0 ? { ...s, agentNames: AGENT_NAMES } : s));
/** the names the PBX gives (AMI MemberName) at the first site */
const PBX_NAMES: Record<string, string> = { 'op-1': 'Пётр Сидоров', 'op-2': 'Anna Ivanova', 'op-8': 'Мария Смирнова' };
const PER_SITE = 45;
const SIZES = [
  [1366, 768],
  [1920, 1080],
  [3840, 2160],
] as const;
/** the states of the ordinary operators, with seconds in state */
const ORDINARY: [AgentStateName, number][] = [
  ['available', 30],
  ['on_call', 240],
  ['on_call', 95],
  ['wrap_up', 20],
  ['available', 400],
  ['offline', 3600],
  ['on_call', 15],
];

/** the operators given their own states below, per site index */
const SPECIAL: Record<number, string[]> = { 0: ['op-5', 'op-8'], 1: ['op-9'], 2: ['op-3', 'op-10'] };

let app: TestApp;
let browser: Browser;
let page: Page;
let problems: string[] = [];
const now = Date.now();
// calls of today: a few minutes ago, or just after the sites' midnight
const callBase = Math.max(now - 5 * 60_000, DateTime.now().setZone('Asia/Sakhalin').startOf('day').toMillis() + 1000);

function load(): ObzorEvent[] {
  const out: ObzorEvent[] = [];
  const base = now;
  for (const [si, s] of SITES.entries()) {
    const o = { base, site: s.id };
    const queue = si % 2 ? 'billing' : 'hotline';
    for (let i = 1; i <= PER_SITE; i++) {
      const [state, sec] = ORDINARY[i % ORDINARY.length]!;
      const agentId = `op-${i}`;
      if (SPECIAL[si]?.includes(agentId)) continue;
      const name = si === 0 ? PBX_NAMES[agentId] : undefined;
      out.push(ev('agent.state', -sec - si, { agentId, state, queues: [queue], ...(name ? { name } : {}) }, o));
    }
  }
  const o0 = { base, site: SITES[0]!.id };
  const o2 = { base, site: SITES[2]!.id };
  // the one to see first: op-3 at the third site, ringing for 42 s; then op-5 at the first, ringing since a second ago
  out.push(ev('agent.state', -42, { agentId: 'op-3', state: 'ringing', queues: ['hotline'] }, o2), ev('call.queued', -50, { callId: 'ag-r1', queue: 'hotline', line: 'hotline' }, o2), ev('call.offered', -42, { callId: 'ag-r1', agentId: 'op-3' }, o2));
  out.push(ev('agent.state', -1, { agentId: 'op-5', state: 'ringing', queues: ['hotline'] }, o0), ev('call.queued', -5, { callId: 'ag-r2', queue: 'hotline', line: 'hotline' }, o0), ev('call.offered', -1, { callId: 'ag-r2', agentId: 'op-5' }, o0));
  // long pauses, and after-call work past the 60-s limit
  // the PBX named op-8 once, before the pause: the name stays
  out.push(ev('agent.state', -1600, { agentId: 'op-8', state: 'available', queues: ['hotline'], name: PBX_NAMES['op-8']! }, o0));
  out.push(ev('agent.state', -1500, { agentId: 'op-8', state: 'paused', queues: ['hotline'], reason: 'обед' }, o0), ev('agent.state', -300, { agentId: 'op-9', state: 'paused', queues: ['billing'] }, { base, site: SITES[1]!.id }));
  out.push(ev('agent.state', -200, { agentId: 'op-10', state: 'wrap_up', queues: ['hotline'] }, o2));
  // today's figures: op-1 at the first site answered 3, op-2 let one ring past the limit and missed it
  const c = { base: callBase, site: SITES[0]!.id };
  for (let k = 0; k < 3; k++) out.push(ev('call.queued', k * 10, { callId: `ag-a${k}`, queue: 'hotline', line: 'hotline' }, c), ev('call.offered', k * 10 + 1, { callId: `ag-a${k}`, agentId: 'op-1' }, c), ev('call.answered', k * 10 + 4, { callId: `ag-a${k}`, agentId: 'op-1' }, c), ev('call.ended', k * 10 + 60, { callId: `ag-a${k}`, outcome: 'resolved' }, c));
  out.push(ev('call.queued', 40, { callId: 'ag-m', queue: 'hotline', line: 'hotline' }, c), ev('call.offered', 41, { callId: 'ag-m', agentId: 'op-2' }, c), ev('call.ring_no_answer', 61, { callId: 'ag-m', agentId: 'op-2' }, c), ev('call.abandoned', 70, { callId: 'ag-m' }, c));
  return out;
}

/** text that does not fit its cell, and rows that overlap, measured from the page's boxes */
async function readability(p: Page): Promise<{ clipped: string[]; overlaps: number; minFontPx: number; rows: number }> {
  return p.evaluate(() => {
    const clipped: string[] = [];
    let overlaps = 0;
    let minFontPx = Infinity;
    const rows = [...document.querySelectorAll<HTMLElement>('[data-testid="agent-row"]')];
    let lastBottom = -Infinity;
    for (const r of rows) {
      const box = r.getBoundingClientRect();
      if (box.top < lastBottom - 0.5) overlaps++;
      lastBottom = box.bottom;
      for (const cell of r.querySelectorAll<HTMLElement>('th, td')) {
        if (cell.scrollWidth > cell.clientWidth + 1 || cell.scrollHeight > cell.clientHeight + 1) clipped.push(cell.textContent ?? '');
        minFontPx = Math.min(minFontPx, parseFloat(getComputedStyle(cell).fontSize));
      }
    }
    for (const el of document.querySelectorAll<HTMLElement>('.desk-head, .agents__summary li, thead th')) if (el.scrollWidth > el.clientWidth + 1) clipped.push(el.textContent ?? '');
    return { clipped, overlaps, minFontPx, rows: rows.length };
  });
}

beforeAll(async () => {
  app = await startTestApp({ sites: SITES });
  await postAll(app.post.bind(app), load());
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await app?.close();
});

async function open(width: number, height: number, query = ''): Promise<void> {
  page = await (await browser.newContext({ viewport: { width, height }, deviceScaleFactor: 1 })).newPage();
  page.setDefaultTimeout(10_000);
  problems = watchPageProblems(page);
  await page.clock.install();
  await signIn(page, app.url, 'duty', `/agents${query}`);
  await page.waitForSelector('[data-testid="agents-view"]');
  // the language is chosen when the app starts: open the board itself with the query
  if (query) await page.goto(`${app.url}/agents${query}`);
  await page.waitForSelector('[data-testid="agents-view"]');
  await page.waitForFunction((n) => document.querySelectorAll('[data-testid="agent-row"]').length === n, SITES.length * PER_SITE);
}

describe('the operator board', () => {
  it('lists 180 operators of four sites, the ones that need a look first, with today’s figures', async () => {
    await open(1920, 1080);
    expect(new URL(page.url()).pathname).toBe('/agents');
    const order = await page.$$eval('[data-testid="agent-row"]', (rows) => rows.map((r) => `${r.getAttribute('data-site')}/${r.getAttribute('data-agent')}:${r.getAttribute('data-reason')}`));
    expect(order.slice(0, 6)).toEqual([`${SITES[2]!.id}/op-3:ringingPastLimit`, expect.stringMatching(new RegExp(`^${SITES[0]!.id}/op-5:ringing`)), `${SITES[0]!.id}/op-8:paused`, `${SITES[1]!.id}/op-9:paused`, `${SITES[2]!.id}/op-10:wrapUpPastLimit`, expect.stringMatching(/:none$/)]);
    // offline last
    expect(order.at(-1)).toMatch(/:offline$/);
    const row = (site: string, id: string) => page.locator(`[data-testid="agent-row"][data-site="${site}"][data-agent="${id}"]`);
    const cells = async (site: string, id: string) => (await row(site, id).locator('td, th').allTextContents()).map((s) => s.trim());
    // operator | site | state | in state | queue | answered | missed | past 3 rings
    expect((await cells(SITES[0]!.id, 'op-1')).slice(5)).toEqual(['3', '0', '0']);
    expect((await cells(SITES[0]!.id, 'op-2')).slice(5)).toEqual(['0', '1', '1']);
    expect((await cells(SITES[2]!.id, 'op-3'))[4]).toBe('Горячая линия');
    expect(await page.getByTestId('agents-summary').textContent()).toMatch(/Звонят дольше 3 гудков:\s*[12]/);
    expect(await seriousA11yViolations(page)).toEqual([]);
    expect(problems).toEqual([]);
  });

  it('names operators (the sites file over the PBX), the id beside the name or alone, and a pause with its reason', async () => {
    const row = (site: string, id: string) => page.locator(`[data-testid="agent-row"][data-site="${site}"][data-agent="${id}"]`);
    const who = async (site: string, id: string) => (await row(site, id).getByTestId('agent-who').innerText()).replace(/\s+/g, ' ').trim();
    const s0 = SITES[0]!.id;
    expect(await who(s0, 'op-1')).toBe('Пётр Сидоров op-1');
    expect(await who(s0, 'op-2')).toBe('Иванова А. op-2');
    expect(await who(s0, 'op-4')).toBe(`${AGENT_NAMES['op-4']} op-4`);
    expect(await who(SITES[1]!.id, 'op-1')).toBe('op-1');
    expect(await row(SITES[1]!.id, 'op-1').getByTestId('agent-name').count()).toBe(0);
    // «пауза · обед» beside the time in pause (25 min)
    const paused = (await row(s0, 'op-8').locator('td').allInnerTexts()).map((t) => t.replace(/\s+/g, ' ').trim());
    expect(await who(s0, 'op-8')).toBe('Мария Смирнова op-8');
    expect(paused.slice(1, 3)).toEqual(['◆ пауза · обед', expect.stringMatching(/^25:\d\d$/)]);
    // a pause without a reason says only «пауза»
    expect((await row(SITES[1]!.id, 'op-9').locator('td').nth(1).innerText()).trim()).toBe('◆ пауза');
    // some operators have no name: the caption says why the id is shown
    await page.getByTestId('agents-name-hint').waitFor();
  });

  it('ticks time in state on the clock, and re-sorts when a ring passes the limit', async () => {
    const first = page.locator('[data-testid="agent-row"]').first().getByTestId('agent-for');
    const before = (await first.textContent())!.trim();
    const secs = (s: string) => s.split(':').reduce((a, b) => a * 60 + Number(b), 0);
    await page.clock.fastForward(5000);
    await page.waitForFunction(([b]) => {
      const t = document.querySelector('[data-testid="agent-row"] [data-testid="agent-for"]')?.textContent?.trim() ?? '';
      return t.split(':').reduce((a, x) => a * 60 + Number(x), 0) >= b + 5;
    }, [secs(before)] as const);
    // op-5 rings on: past the 15-s limit after 20 s more on the clock, by the clock alone
    await page.clock.fastForward(20_000);
    await page.waitForSelector(`[data-testid="agent-row"][data-site="${SITES[0]!.id}"][data-agent="op-5"][data-reason="ringingPastLimit"]`);
    const second = await page.locator('[data-testid="agent-row"]').nth(1).getAttribute('data-agent');
    expect(second).toBe('op-5');
  });

  it('narrows by site and queue', async () => {
    await page.getByTestId('agents-site').selectOption(SITES[1]!.id);
    await page.waitForFunction((n) => document.querySelectorAll('[data-testid="agent-row"]').length === n, PER_SITE);
    await page.getByTestId('agents-site').selectOption('');
    await page.getByTestId('agents-queue').selectOption('billing');
    await page.waitForFunction((n) => document.querySelectorAll('[data-testid="agent-row"]').length === n, 2 * PER_SITE);
    await page.getByTestId('agents-queue').selectOption('');
  });

  for (const [width, height] of SIZES) {
    it(`is readable at ${width}×${height}: nothing clipped or overlapping`, async () => {
      await open(width, height);
      const r = await readability(page);
      expect(r.rows).toBe(SITES.length * PER_SITE);
      expect(r.clipped).toEqual([]);
      expect(r.overlaps).toBe(0);
      expect(r.minFontPx).toBeGreaterThanOrEqual(14);
      await screenshot(page, `agents-${width}x${height}`);
      // the first site's operators, whom the PBX and the sites file name (one name long enough to wrap)
      await page.getByTestId('agents-site').selectOption(SITES[0]!.id);
      await page.waitForFunction((n) => document.querySelectorAll('[data-testid="agent-row"]').length === n, PER_SITE);
      const named = await readability(page);
      expect(named.clipped).toEqual([]);
      expect(named.overlaps).toBe(0);
      await page.getByTestId('agent-name').first().waitFor();
      await screenshot(page, `agents-${width}x${height}-named`);
    });
  }

  it('speaks English with ?lang=en', async () => {
    await open(1920, 1080, '?lang=en');
    expect((await page.locator('thead th').allTextContents()).map((s) => s.trim())).toEqual(['Operator', 'Site', 'State', 'In state', 'Queue', 'Answered', 'Missed', 'Past 3 rings']);
    expect(await page.locator('[data-testid="agent-row"]').first().locator('td').nth(1).textContent()).toContain('ringing');
    expect(await page.getByTestId('agents-summary').textContent()).toMatch(/Ringing past 3 rings:\s*[12]/);
    expect(await seriousA11yViolations(page)).toEqual([]);
    await screenshot(page, 'agents-1920x1080-en');
    expect(problems).toEqual([]);
  });
});
