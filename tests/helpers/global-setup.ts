// Browser tests need the built client; build it once, before any test file runs.
// @ts-expect-error plain .mjs script without types
import { ensureClientBuild } from '../../scripts/ensure-client-build.mjs';

export default function setup(): void {
  // for a quick run of server-only tests while the client is being worked on
  if (process.env.OBZOR_SKIP_CLIENT_BUILD === '1') return;
  (ensureClientBuild as () => boolean)();
}
