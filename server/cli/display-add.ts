/**
 * `npm run display:add -- --name "Зал 1" [--sites a,b] [layout flags] [--base-url https://obzor.example]`:
 * prints the kiosk URL once. The layout flags (server/cli/display-layout-flags.ts) set what the
 * wall shows; an admin can change them later (PATCH /api/v1/admin/display-tokens/:id), live.
 */
import { parseArgs } from 'node:util';
import { fail, openCli } from './cli-context.js';
import { LAYOUT_FLAGS, LAYOUT_USAGE, layoutFromFlags } from './display-layout-flags.js';

const { values } = parseArgs({ options: { name: { type: 'string' }, sites: { type: 'string' }, 'base-url': { type: 'string' }, ...LAYOUT_FLAGS } });
if (!values.name) fail(`usage: npm run display:add -- --name <name> [--sites a,b] ${LAYOUT_USAGE} [--base-url URL]`);
const layout = layoutFromFlags(values);
if ('error' in layout) fail(layout.error);
const cli = await openCli('obzor-display-add');
try {
  const sites = values.sites ? values.sites.split(',') : [];
  const unknown = sites.filter((s) => !cli.config.sites.some((x) => x.id === s));
  if (unknown.length) fail(`--sites: unknown site(s) ${unknown.join(', ')}`);
  const { display, token } = await cli.displays.create(values.name, sites, undefined, { layout: layout.layout });
  const base = values['base-url'] ?? `http://localhost:${cli.config.port}`;
  console.log(`display ${display.name} (${display.id}): open this URL once in the kiosk; it is not shown again`);
  console.log(`${base}/wall#token=${token}`);
} finally {
  await cli.close();
}
