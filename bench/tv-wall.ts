/**
 * Step 5 — the TV's side (issue 19): the wall in a real Chromium slowed down like a cheap TV stick
 * (CDP CPU throttling ×6), at 12 queues and 150 operators, under steady traffic. Per update the page
 * measures, without any hook in the app: the script that applies it (from the parse of its body to
 * the end of that task, Vue's re-render included) and the rendering of the next frame (style,
 * layout, paint: from the frame's start to the task after it). Plus long tasks (> 50 ms) and the
 * main thread's busy time per update from Chromium's own counters.
 */
import { chromium } from 'playwright-core';
import { authHeaders, deleteKeys, REDIS_URL, serverEnv, SITE, sleep, type BenchEnv } from './bench-env.js';
import { Histogram, type LatencySummary } from './histogram.js';
import { generateLoad } from './load-generator.js';
import { startServer } from './server-handle.js';
import { TRACE_CATEGORIES, UPDATE_MARK, updateCosts, type TraceEvent } from './tv-trace.js';
import { frozenDom, tvFloor, type TvFloorResult } from './tv-floor.js';
import { Redis } from 'ioredis';
// @ts-expect-error plain .mjs script without types
import { ensureClientBuild } from '../scripts/ensure-client-build.mjs';

export interface TvWallResult {
  cpuThrottling: number;
  queues: number;
  operators: number;
  eventsPerSec: number;
  updates: number;
  /**
   * The goal's figure: the main thread's work per update, from Chromium's trace (tv-trace.ts) —
   * the task that applies it (socket frame, inflate, patch, Vue's re-render), the rendering task of
   * the frame after it (style, layout, paint), and both (ms, throttled)
   */
  work: { updates: number; scriptMs: LatencySummary; renderMs: LatencySummary; perUpdateMs: LatencySummary };
  /** timed in the page, from the parse to the end of its task: the waits behind other tasks included (ms, throttled) */
  scriptMs: LatencySummary;
  /** timed in the page, from the next frame's start to the task after it (ms, throttled) */
  renderMs: LatencySummary;
  /** script + render of each update as timed in the page: the update's latency until painted */
  perUpdateMs: LatencySummary;
  longTasks: number;
  longestTaskMs: number;
  /** Chromium's TaskDuration over the window ÷ updates: all main-thread work, ticking clocks included */
  mainThreadMsPerUpdate: number;
  /** Chromium's counters over the window ÷ updates */
  layoutsPerUpdate: number;
  layoutMsPerUpdate: number;
  styleMsPerUpdate: number;
  scriptMsPerUpdate: number;
  domNodes: number;
  /** what the same throttled Chromium costs per update with no Obzor script (tv-floor.ts); absent with TV_FLOOR=0 */
  floor?: TvFloorResult;
}

/** TV_THROTTLE=1: the same run unthrottled, where the trace's thread times are the page's own CPU (a loaded machine inflates them under throttling) */
const THROTTLE = Number(process.env.TV_THROTTLE ?? 6);
const QUEUE_COUNT = 12;
const OPERATORS = 150;

/** What the page records (installed before the app loads; the app is not changed for it). */
function instrument(mark: string): void {
  const w = window as unknown as { __tv: { script: number[]; render: number[]; longTasks: number[] } };
  w.__tv = { script: [], render: [], longTasks: [] };
  const parse = JSON.parse.bind(JSON);
  let pending = false;
  // two channels made once: "after this task" and "after this frame" (a new MessageChannel per update cost ~0.5 ms at ×6)
  const after = new MessageChannel();
  const painted = new MessageChannel();
  let t0 = 0;
  let t2 = 0;
  painted.port1.onmessage = () => {
    w.__tv.render.push(performance.now() - t2);
    pending = false;
  };
  // no named functions in here: the bundler would wrap them in a helper the page does not have
  after.port1.onmessage = () => {
    w.__tv.script.push(performance.now() - t0);
    requestAnimationFrame(() => {
      t2 = performance.now();
      painted.port2.postMessage(0);
    });
  };
  JSON.parse = ((text: string, reviver?: (this: unknown, key: string, value: unknown) => unknown) => {
    const out = parse(text, reviver) as unknown;
    const isUpdate = typeof text === 'string' && text.length > 64 && (text.includes('"patch"') || text.includes('"state"'));
    // every update, for the trace (tv-trace.ts): its task and the frame after it are its cost
    if (isUpdate) performance.mark(mark);
    // an update's body (plain or inflated): time the rest of this task and the frame after it
    if (!pending && isUpdate) {
      pending = true;
      t0 = performance.now();
      after.port2.postMessage(0);
    }
    return out;
  }) as typeof JSON.parse;
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) w.__tv.longTasks.push(e.duration);
  }).observe({ type: 'longtask', buffered: true });
}

export function setupEvents(now: number): unknown[] {
  const at = (ms: number) => new Date(ms).toISOString();
  const events: unknown[] = [];
  const queues = Array.from({ length: QUEUE_COUNT }, (_, i) => (i < 3 ? ['hotline', 'billing', 'outages'][i]! : `queue-${i + 1}`));
  const states = ['available', 'on_call', 'on_call', 'wrap_up', 'paused'] as const;
  for (let k = 0; k < OPERATORS; k++) {
    events.push({ id: `tv-a${k}`, type: 'agent.state', at: at(now - 60_000 + k), site: SITE, agentId: `tv-op-${k + 1}`, state: states[k % states.length], queues: [queues[k % QUEUE_COUNT]!] });
  }
  queues.forEach((queue, i) => {
    for (let c = 0; c < 1 + (i % 3); c++) events.push({ id: `tv-q${i}-${c}`, type: 'call.queued', at: at(now - 5_000 - i * 7_000 - c * 1000), site: SITE, callId: `tv-w${i}-${c}`, queue, line: 'hotline' });
  });
  return events;
}

export async function tvWall(env: BenchEnv, opts: { durationMs: number; eventsPerSec: number; log: (s: string) => void }): Promise<TvWallResult> {
  (ensureClientBuild as () => boolean)();
  const sub = 'tv:';
  const server = await startServer(serverEnv(env, sub));
  const redis = new Redis(REDIS_URL, { connectionName: 'obzor-bench-tv' });
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox'] });
  try {
    const res = await fetch(`${server.url}/api/v1/events`, { method: 'POST', headers: { ...authHeaders(env), 'content-type': 'application/json' }, body: JSON.stringify(setupEvents(Date.now())) });
    if (res.status !== 200) throw new Error(`setup events: ${res.status} ${await res.text()}`);
    const page = await (await browser.newContext({ viewport: { width: 1920, height: 1080 } })).newPage();
    await page.addInitScript(instrument, UPDATE_MARK);
    const cdp = await page.context().newCDPSession(page);
    await page.goto(`${server.url}/wall#token=${env.displayToken}`);
    await page.waitForSelector('[data-testid="conn-status"][data-status="live"]', { timeout: 30_000 });
    // TV_CSS='…': a what-if stylesheet added to the wall (e.g. hide a tile to see what its layout costs)
    if (process.env.TV_CSS) await page.addStyleTag({ content: process.env.TV_CSS });
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: THROTTLE });
    await cdp.send('Performance.enable');
    const load = (tag: string, ms: number) => generateLoad({ url: server.url, headers: authHeaders(env), site: SITE, tag, eventsPerSec: opts.eventsPerSec, durationMs: ms });
    opts.log(`tv wall: warming up (CPU ×${THROTTLE})`);
    await load('tvw-', 3000);
    await page.evaluate(() => {
      const tv = (window as unknown as { __tv: { script: number[]; render: number[]; longTasks: number[] } }).__tv;
      tv.script = [];
      tv.render = [];
      tv.longTasks = [];
    });
    const counters = async () => Object.fromEntries((await cdp.send('Performance.getMetrics')).metrics.map((m) => [m.name, m.value]));
    const c0 = await counters();
    const task0 = (c0.TaskDuration ?? 0) * 1000;
    // TV_PROFILE=1: the page's own CPU profile over the window, printed as self time per function (build the client with --minify false to read it)
    if (process.env.TV_PROFILE) {
      await cdp.send('Profiler.enable');
      await cdp.send('Profiler.start');
    }
    opts.log(`tv wall: ${opts.eventsPerSec} events/s for ${opts.durationMs / 1000} s`);
    // TV_MUTATIONS=1: which elements' DOM changes during the window (a text node replaced, a row moved, a text changed), printed by count
    if (process.env.TV_MUTATIONS) {
      // a string, not a function: the bundler's helpers (__name) do not exist in the page
      await page.evaluate(`(() => {
        const name = (n) => {
          const parts = [];
          for (let e = n instanceof Element ? n : (n && n.parentElement), k = 0; e && k < 3; e = e.parentElement, k++) parts.push(e.tagName.toLowerCase() + (typeof e.className === 'string' && e.className ? '.' + e.className.split(' ')[0] : '') + (e.getAttribute('data-testid') ? '[' + e.getAttribute('data-testid') + ']' : ''));
          return parts.join(' < ');
        };
        const counts = new Map();
        window.__mut = counts;
        const add = (k) => counts.set(k, (counts.get(k) || 0) + 1);
        const kind = (n) => (n.nodeType === 3 ? '#text' : n.nodeType === 8 ? '#comment' : name(n));
        new MutationObserver((list) => {
          for (const m of list) {
            if (m.type === 'characterData') add('text changed in ' + name(m.target));
            else if (m.type === 'attributes') add('attribute ' + m.attributeName + ' of ' + name(m.target));
            else {
              for (const n of m.addedNodes) add('added ' + kind(n) + ' to ' + name(m.target));
              for (const n of m.removedNodes) add('removed ' + (n.nodeType === 1 ? n.tagName : kind(n)) + ' from ' + name(m.target));
            }
          }
        }).observe(document.body, { subtree: true, childList: true, characterData: true, attributes: true });
      })()`);
    }
    // TV_TRACE=path: the trace kept; TV_INVALIDATIONS=1: with Chromium's invalidation tracking (what made each layout; it slows the page);
    // TV_TRACE_CATEGORIES=a,b: more categories (e.g. v8,blink: what an update's task is made of)
    await browser.startTracing(page, { categories: [...TRACE_CATEGORIES, ...(process.env.TV_INVALIDATIONS ? ['disabled-by-default-devtools.timeline.invalidationTracking'] : []), ...(process.env.TV_TRACE_CATEGORIES ?? '').split(',').filter(Boolean)] });
    await load('tvm-', opts.durationMs);
    await sleep(1000);
    const trace = await browser.stopTracing();
    if (process.env.TV_TRACE) (await import('node:fs')).writeFileSync(process.env.TV_TRACE, trace);
    const costs = updateCosts((JSON.parse(trace.toString('utf8')) as { traceEvents: TraceEvent[] }).traceEvents);
    const c1 = await counters();
    const task1 = (c1.TaskDuration ?? 0) * 1000;
    const delta = (k: string) => (c1[k] ?? 0) - (c0[k] ?? 0);
    if (process.env.TV_PROFILE) {
      const { profile } = await cdp.send('Profiler.stop');
      if (process.env.TV_PROFILE_OUT) (await import('node:fs')).writeFileSync(process.env.TV_PROFILE_OUT, JSON.stringify(profile));
      const self = new Map<string, number>();
      const dt = profile.timeDeltas ?? [];
      const byId = new Map(profile.nodes.map((nd) => [nd.id, nd]));
      (profile.samples ?? []).forEach((id, i) => {
        const nd = byId.get(id)!;
        const key = `${nd.callFrame.functionName || '(anon)'} ${nd.callFrame.url.split('/').pop()}:${nd.callFrame.lineNumber}`;
        self.set(key, (self.get(key) ?? 0) + (dt[i] ?? 0) / 1000);
      });
      console.error([...self.entries()].sort((a, b) => b[1] - a[1]).slice(0, 40).map(([k, v]) => `${v.toFixed(0).padStart(7)} ms  ${k}`).join('\n'));
      // who calls the layout-forcing reads
      const parentOf = new Map<number, number>();
      for (const nd of profile.nodes) for (const c of nd.children ?? []) parentOf.set(c, nd.id);
      const callers = new Map<string, number>();
      (profile.samples ?? []).forEach((id, i) => {
        const nd = byId.get(id)!;
        if (!['getBoundingClientRect', 'getComputedStyle', 'clientHeight', 'clientWidth', 'scrollWidth'].some((f) => nd.callFrame.functionName.includes(f))) return;
        let chain = nd.callFrame.functionName;
        let p = parentOf.get(id);
        for (let k = 0; k < 3 && p !== undefined; k++) {
          const pn = byId.get(p)!;
          chain += ' < ' + (pn.callFrame.functionName || '(anon)') + ':' + pn.callFrame.lineNumber;
          p = parentOf.get(p);
        }
        callers.set(chain, (callers.get(chain) ?? 0) + (dt[i] ?? 0) / 1000);
      });
      console.error([...callers.entries()].sort((a, b) => b[1] - a[1]).slice(0, 12).map(([k, v]) => `${v.toFixed(0).padStart(7)} ms  CALLER ${k}`).join('\n'));
    }
    if (process.env.TV_MUTATIONS) {
      const mut = await page.evaluate<[string, number][]>('[...window.__mut.entries()].sort((a, b) => b[1] - a[1]).slice(0, 40)');
      console.error(mut.map(([k, v]) => `${String(v).padStart(6)}  ${k}`).join('\n'));
    }
    const tv = await page.evaluate(() => (window as unknown as { __tv: { script: number[]; render: number[]; longTasks: number[] } }).__tv);
    // the floor, at this run's update rate, on this wall's DOM as it is now (TV_FLOOR=0: skipped)
    let floor: TvFloorResult | undefined;
    if (process.env.TV_FLOOR !== '0') {
      const wallHtml = await frozenDom(page);
      // the wall's page would go on ticking beside the floor's: closed first
      await page.context().close();
      opts.log('tv wall: the floor (a bare page, then the wall frozen, fed by a plain WebSocket)');
      floor = await tvFloor(browser, wallHtml, { throttle: THROTTLE, updatesPerSec: costs.length / (opts.durationMs / 1000), durationMs: opts.durationMs });
    }
    const hist = (xs: number[]) => {
      const h = new Histogram(0.1, 10_000);
      for (const x of xs) h.record(x);
      return h.summary();
    };
    const n = Math.min(tv.script.length, tv.render.length);
    return {
      cpuThrottling: THROTTLE,
      queues: QUEUE_COUNT,
      operators: OPERATORS,
      eventsPerSec: opts.eventsPerSec,
      updates: n,
      work: { updates: costs.length, scriptMs: hist(costs.map((c) => c.scriptMs)), renderMs: hist(costs.map((c) => c.renderMs)), perUpdateMs: hist(costs.map((c) => c.scriptMs + c.renderMs)) },
      scriptMs: hist(tv.script),
      renderMs: hist(tv.render),
      perUpdateMs: hist(tv.script.slice(0, n).map((s, i) => s + tv.render[i]!)),
      longTasks: tv.longTasks.length,
      longestTaskMs: Math.round(Math.max(0, ...tv.longTasks)),
      mainThreadMsPerUpdate: Math.round(((task1 - task0) / Math.max(1, n)) * 10) / 10,
      layoutsPerUpdate: Math.round((delta('LayoutCount') / Math.max(1, n)) * 10) / 10,
      layoutMsPerUpdate: Math.round(((delta('LayoutDuration') * 1000) / Math.max(1, n)) * 10) / 10,
      styleMsPerUpdate: Math.round(((delta('RecalcStyleDuration') * 1000) / Math.max(1, n)) * 10) / 10,
      scriptMsPerUpdate: Math.round(((delta('ScriptDuration') * 1000) / Math.max(1, n)) * 10) / 10,
      domNodes: c1.Nodes ?? 0,
      ...(floor ? { floor } : {}),
    };
  } finally {
    await browser.close();
    await server.stop();
    await deleteKeys(redis, `${env.prefix}${sub}`);
    redis.disconnect();
  }
}
