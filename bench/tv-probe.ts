/**
 * What one changed text costs the wall's layout (a tool for the TV step, not part of `npm run bench`):
 * the wall as the bench sets it up, unthrottled and then idle; for each what-if stylesheet
 * (TV_PROBE_CSS, JSON: {"name": "css"}) and each figure, the text is changed back and forth N
 * times and the layout it forces timed in the page (µs each: the mean of N, the least of the rounds). Run: npx tsx bench/tv-probe.ts
 */
import { chromium } from 'playwright-core';
import { authHeaders, deleteKeys, newBenchEnv, REDIS_URL, serverEnv, type BenchEnv } from './bench-env.js';
import { generateLoad } from './load-generator.js';
import { startServer } from './server-handle.js';
import { setupEvents } from './tv-wall.js';
import { Redis } from 'ioredis';
// @ts-expect-error plain .mjs script without types
import { ensureClientBuild } from '../scripts/ensure-client-build.mjs';

const TARGETS = ['today-offered', 'today-answered', 'today-in-3-rings', 'agents-on_call', 'queue-total-waiting', 'as-of', 'clock', 'QUEUE-LONGEST', 'QUEUE-WAITING'];

async function main(env: BenchEnv): Promise<void> {
  (ensureClientBuild as () => boolean)();
  const server = await startServer(serverEnv(env, 'probe:'));
  const redis = new Redis(REDIS_URL, { connectionName: 'obzor-bench-probe' });
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox'] });
  try {
    await fetch(`${server.url}/api/v1/events`, { method: 'POST', headers: { ...authHeaders(env), 'content-type': 'application/json' }, body: JSON.stringify(setupEvents(Date.now())) });
    const [w, h] = (process.env.TV_PROBE_SIZE ?? '1920x1080').split('x').map(Number);
    const page = await (await browser.newContext({ viewport: { width: w!, height: h! } })).newPage();
    await page.goto(`${server.url}/wall#token=${env.displayToken}`);
    await page.waitForSelector('[data-testid="conn-status"][data-status="live"]', { timeout: 30_000 });
    await generateLoad({ url: server.url, headers: authHeaders(env), site: 'yuzhno-sakhalinsk', tag: 'prb-', eventsPerSec: 100, durationMs: 2500 });
    await new Promise((r) => setTimeout(r, 1500));
    // TV_PROBE_PROFILE=path: the idle wall's CPU profile over 10 s (what the ticking clock costs), then the probe
    if (process.env.TV_PROBE_PROFILE) {
      const cdp = await page.context().newCDPSession(page);
      await cdp.send('Profiler.enable');
      await cdp.send('Profiler.start');
      await new Promise((r) => setTimeout(r, 10_000));
      const { profile } = await cdp.send('Profiler.stop');
      (await import('node:fs')).writeFileSync(process.env.TV_PROBE_PROFILE, JSON.stringify(profile));
    }
    const variants: Record<string, string> = { base: '', ...(JSON.parse(process.env.TV_PROBE_CSS ?? '{}') as Record<string, string>) };
    const n = Number(process.env.TV_PROBE_N ?? 200);
    const rounds = Number(process.env.TV_PROBE_ROUNDS ?? 3);
    const out: Record<string, Record<string, number[]>> = {};
    for (let round = 0; round < rounds; round++) {
      for (const [name, css] of Object.entries(variants)) {
        const res = await page.evaluate(
          `(async () => {
            const style = document.createElement('style');
            style.textContent = ${JSON.stringify(css)};
            document.head.appendChild(style);
            await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
            const out = {};
            for (const id of ${JSON.stringify(TARGETS)}) {
              const el = id === 'QUEUE-LONGEST' ? document.querySelector('[data-testid^="queue-longest-"]') : id === 'QUEUE-WAITING' ? document.querySelector('[data-testid^="queue-waiting-"]') : document.querySelector('[data-testid="' + id + '"]');
              const text = el && [...el.childNodes].find((c) => c.nodeType === 3 && /\\d/.test(c.data));
              if (!text) { out[id] = -1; continue; }
              const orig = text.data;
              const i = orig.search(/\\d(?!.*\\d)/);
              const alt = orig.slice(0, i) + String((Number(orig[i]) + 1) % 10) + orig.slice(i + 1);
              void document.body.offsetWidth;
              const t0 = performance.now();
              for (let k = 0; k < ${n}; k++) {
                text.data = k % 2 ? orig : alt;
                void document.body.offsetWidth;
              }
              out[id] = Math.round(((performance.now() - t0) / ${n}) * 1000);
              text.data = orig;
            }
            style.remove();
            await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
            return out;
          })()`,
        );
        for (const [id, us] of Object.entries(res as Record<string, number>)) ((out[name] ??= {})[id] ??= []).push(us);
      }
    }
    console.log(`µs per text change + forced layout (${rounds} rounds × ${n}), ${w}x${h}, load ${(await import('node:os')).loadavg().map((x) => x.toFixed(1)).join(' ')}`);
    console.log(['variant'.padEnd(14), ...TARGETS.map((t) => t.slice(0, 13).padStart(14))].join(''));
    for (const [name, r] of Object.entries(out)) console.log([name.padEnd(14), ...TARGETS.map((t) => String(Math.min(...(r[t] ?? [-1]))).padStart(14))].join(''));
  } finally {
    await browser.close();
    await server.stop();
    await deleteKeys(redis, `${env.prefix}probe:`);
    redis.disconnect();
  }
}

await main(newBenchEnv());
