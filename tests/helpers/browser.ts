/**
 * Browser tests: Debian's Chromium driven by playwright-core (no browser download, ever),
 * axe-core for accessibility, screenshots, and the size of the JS a page loads.
 */
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { chromium, type Browser, type Page } from 'playwright-core';
import { PASSWORD } from './start-app.js';

export const CHROMIUM = '/usr/bin/chromium';
const root = fileURLToPath(new URL('../..', import.meta.url));
export const SCREENSHOTS = path.join(root, 'test-results/screenshots');
export const CLIENT_DIST = path.join(root, 'client/dist');
export const FULL_HD = { width: 1920, height: 1080 } as const;

/** `extraArgs`: more Chromium switches, e.g. `--host-resolver-rules=MAP obzor.intranet 127.0.0.1` */
export async function launchChromium(extraArgs: readonly string[] = []): Promise<Browser> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`Browser tests need Debian's Chromium at ${CHROMIUM} (apt-get install -y chromium; .ci/run installs it). No browser is downloaded.`);
  }
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', ...extraArgs],
  });
}

/** Collects what would make a page misbehave unnoticed: page errors and CSP refusals. */
export function watchPageProblems(page: Page): string[] {
  const problems: string[] = [];
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error' && /Content Security Policy|Refused to/i.test(m.text())) problems.push(`csp: ${m.text()}`);
  });
  return problems;
}

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: string[];
}

const axeSource = () => {
  const require = createRequire(import.meta.url);
  return path.join(path.dirname(require.resolve('axe-core')), 'axe.min.js');
};

/**
 * Runs axe-core on the page and returns the serious and critical violations. The app's CSP
 * (`script-src 'self'`) refuses the inline tag `page.addScriptTag({ path })` would add, and the
 * tests keep the CSP on (they prove the client satisfies it), so axe.min.js is evaluated
 * through the DevTools protocol, which CSP does not govern.
 */
export async function seriousA11yViolations(page: Page): Promise<AxeViolation[]> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(readFileSync(axeSource(), 'utf8'));
  const result = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (ctx: Document, opts: unknown) => Promise<{ violations: { id: string; impact: string | null; help: string; nodes: { target: unknown[] }[] }[] }> } }).axe;
    const r = await axe.run(document, { resultTypes: ['violations'] });
    return r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.slice(0, 5).map((n) => JSON.stringify(n.target)) }));
  });
  return result.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}

export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  const file = path.join(SCREENSHOTS, `${name}.png`);
  await page.screenshot({ path: file });
  return file;
}

/** Signs in through the login form as the pre-created user of that role (login = role). */
export async function signIn(page: Page, baseUrl: string, login: string, next = '/'): Promise<void> {
  await page.goto(`${baseUrl}/login?next=${encodeURIComponent(next)}`);
  await page.getByTestId('login-name').fill(login);
  await page.getByTestId('login-password').fill(PASSWORD);
  await page.getByTestId('login-submit').click();
}

/** The numeric `data-value` of an element (what the tests compare; the text is formatted for people). */
export async function dataValue(page: Page, testId: string): Promise<number | null> {
  const v = await page.getByTestId(testId).first().getAttribute('data-value');
  return v === null || v === '' ? null : Number(v);
}

/** Waits until `data-value` of an element equals `want`. */
export async function waitForValue(page: Page, testId: string, want: number, timeout = 5000): Promise<void> {
  await page.waitForFunction(
    ([id, v]) => document.querySelector(`[data-testid="${id}"]`)?.getAttribute('data-value') === String(v),
    [testId, want] as const,
    { timeout },
  );
}

/** Gzipped bytes of the scripts a page loaded from the built client. */
export function gzippedSize(urls: readonly string[]): number {
  let total = 0;
  for (const u of new Set(urls)) {
    const file = path.join(CLIENT_DIST, new URL(u).pathname);
    if (existsSync(file)) total += gzipSync(readFileSync(file), { level: 9 }).length;
  }
  return total;
}
