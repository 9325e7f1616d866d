/**
 * Which build a screen runs: the package's version and when it was built ("0.1.0+20261201.2013"),
 * baked into the bundle (`__OBZOR_BUILD__`, sent by every screen when it connects) and written to
 * `dist/version.json`, which the server reads to tell an admin which screens run an older build.
 */
import { readFileSync } from 'node:fs';
import type { Plugin } from 'vite';

const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };
const stamp = new Date().toISOString().replace(/[-:]/g, '').replace('T', '.').slice(0, 13);

export const BUILD_VERSION = `${pkg.version}+${stamp}`;

export function buildVersionFile(): Plugin {
  return {
    name: 'obzor-build-version',
    apply: 'build',
    generateBundle() {
      this.emitFile({ type: 'asset', fileName: 'version.json', source: JSON.stringify({ version: BUILD_VERSION }) });
    },
  };
}
