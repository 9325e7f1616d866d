/**
 * The TV step's floor (issue 19 item 3): what the same throttled Chromium costs per update before
 * any of Obzor's script — so the wall's figure can be read against what no wall can go under. Two
 * pages, each fed by a plain WebSocket (no Socket.IO) at the wall's own update rate, each message
 * JSON-parsed, marked as an update (tv-trace.ts) and turned into `texts` changed text nodes:
 * - `bare`: a page of one figure;
 * - `frozenWall`: the wall's own DOM and styles as the bench left them, with no script of its own.
 * Their cost per update is read off Chromium's trace exactly as the wall's is.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser, Page } from 'playwright-core';
import { WebSocketServer } from 'ws';
import { Histogram, type LatencySummary } from './histogram.js';
import { sleep } from './bench-env.js';
import { TRACE_CATEGORIES, UPDATE_MARK, updateCosts, type TraceEvent } from './tv-trace.js';

export interface TvFloorResult {
  /** text nodes changed per message */
  texts: number;
  updatesPerSec: number;
  /** a page of one figure: a WebSocket message parsed and its text changed (ms per update, throttled) */
  bare: LatencySummary;
  /** the same on the wall's own DOM, frozen (ms per update, throttled) */
  frozenWall: LatencySummary;
}

/** the figures a typical update changes: two queues' waiting and longest wait, the day's offered and answered */
const TEXT_TARGETS = '[data-testid^="queue-waiting-"],[data-testid^="queue-longest-"],[data-testid="today-offered"],[data-testid="today-answered"]';
const BARE = '<!doctype html><html><body style="background:#111;color:#eee;font:48px sans-serif"><div data-testid="today-offered">0</div></body></html>';

/** The wall's DOM with its styles inlined and every script removed. */
export function frozenDom(page: Page): Promise<string> {
  return page.evaluate(() => {
    const css = [...document.styleSheets].map((s) => [...s.cssRules].map((r) => r.cssText).join('\n')).join('\n');
    const root = document.documentElement.cloneNode(true) as HTMLElement;
    root.querySelectorAll('script, link, style').forEach((e) => e.remove());
    const style = document.createElement('style');
    style.textContent = css;
    root.querySelector('head')!.appendChild(style);
    return '<!doctype html>' + root.outerHTML;
  });
}

function feeder(texts: number): string {
  return `<script>
const ws = new WebSocket('ws://' + location.host + '/ws');
const nodes = [...document.querySelectorAll(${JSON.stringify(TEXT_TARGETS)})].slice(0, ${texts}).map((el) => [...el.childNodes].find((c) => c.nodeType === 3) || el.appendChild(document.createTextNode('0')));
ws.onmessage = (m) => { const u = JSON.parse(m.data); performance.mark(${JSON.stringify(UPDATE_MARK)}); for (const t of nodes) t.data = String(u.n % 10); };
</script>`;
}

export async function tvFloor(browser: Browser, wallHtml: string, opts: { throttle: number; updatesPerSec: number; durationMs: number; texts?: number }): Promise<TvFloorResult> {
  const texts = opts.texts ?? 6;
  const pages: Record<string, string> = { bare: BARE, frozenWall: wallHtml };
  const http = createServer((req, res) => {
    res.setHeader('content-type', 'text/html; charset=utf-8');
    res.end((pages[(req.url ?? '/').slice(1)] ?? BARE).replace('</body>', `${feeder(texts)}</body>`));
  });
  const wss = new WebSocketServer({ server: http, path: '/ws' });
  await new Promise<void>((r) => http.listen(0, '127.0.0.1', r));
  const port = (http.address() as AddressInfo).port;
  // a patch of ~1 KB to parse (the wall's are 1–5 KB: its parse is Obzor's, not the floor's)
  const body = JSON.stringify({ patch: Array.from({ length: 24 }, (_, i) => ({ op: 'replace', path: `/queues/${i}/waiting`, value: i })) });
  let n = 0;
  const timer = setInterval(() => {
    n += 1;
    for (const c of wss.clients) c.send(`{"n":${n},${body.slice(1)}`);
  }, Math.round(1000 / opts.updatesPerSec));
  const measure = async (name: string): Promise<LatencySummary> => {
    const page = await (await browser.newContext({ viewport: { width: 1920, height: 1080 } })).newPage();
    try {
      const cdp = await page.context().newCDPSession(page);
      await page.goto(`http://127.0.0.1:${port}/${name}`);
      await cdp.send('Emulation.setCPUThrottlingRate', { rate: opts.throttle });
      await sleep(2000);
      await browser.startTracing(page, { categories: TRACE_CATEGORIES });
      await sleep(opts.durationMs);
      const trace = await browser.stopTracing();
      const h = new Histogram(0.1, 10_000);
      for (const c of updateCosts((JSON.parse(trace.toString('utf8')) as { traceEvents: TraceEvent[] }).traceEvents)) h.record(c.scriptMs + c.renderMs);
      return h.summary();
    } finally {
      await page.context().close();
    }
  };
  try {
    return { texts, updatesPerSec: opts.updatesPerSec, bare: await measure('bare'), frozenWall: await measure('frozenWall') };
  } finally {
    clearInterval(timer);
    wss.close();
    await new Promise((r) => http.close(r));
  }
}
