/**
 * A display's screens as /admin lists them (shared/display-layout.ts, DisplayScreen): a short
 * name for each and whether it runs an older build than the server serves (it needs a reload
 * to pick up fixes). Pure.
 */
import type { DisplayScreen } from '@shared/display-layout.js';

/** the first characters of its random id: enough to tell a hall's few screens apart */
export const shortScreenId = (screen: string): string => screen.slice(0, 6);

/** only when both builds are known: a screen that did not say, or a server without a build file, is not judged */
export function runsOlderBuild(screen: Pick<DisplayScreen, 'version'>, clientVersion: string | undefined): boolean {
  return !!screen.version && !!clientVersion && screen.version !== clientVersion;
}
