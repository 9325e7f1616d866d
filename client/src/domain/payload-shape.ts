/**
 * A cheap shape check of what arrives from the server before it reaches the stores. The
 * server validates with zod (shared/snapshot.ts); the wall only guards against something
 * that is not a snapshot/update at all (a proxy's error page, a half-deployed server)
 * without shipping zod to the browser.
 */
import type { Snapshot, SiteState } from '@shared/snapshot.js';
import type { Health, SiteUpdate } from '@shared/socket.js';
import type { DisplaySettings } from '@shared/display-layout.js';

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;
const isNum = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

export function looksLikeSiteState(v: unknown): v is SiteState {
  return (
    isObject(v) &&
    typeof v.site === 'string' &&
    typeof v.timeZone === 'string' &&
    isNum(v.seq) &&
    isObject(v.name) &&
    isObject(v.norms) &&
    isObject(v.today) &&
    ['queues', 'calls', 'agents', 'callbacks', 'appeals', 'conflicts'].every((k) => Array.isArray(v[k]))
  );
}

export function looksLikeSnapshot(v: unknown): v is Snapshot {
  return isObject(v) && isNum(v.serverTime) && Array.isArray(v.sites) && v.sites.every(looksLikeSiteState);
}

/** a whole state of its site, or a patch (shared/site-patch.ts: an object; its parts are checked as they are applied) */
export function looksLikeUpdate(v: unknown): v is SiteUpdate {
  if (!isObject(v) || typeof v.site !== 'string' || !isNum(v.seq) || !isNum(v.serverTime)) return false;
  if (v.patch !== undefined) return isObject(v.patch) && v.state === undefined;
  return looksLikeSiteState(v.state) && v.state.site === v.site;
}

export function looksLikeHealth(v: unknown): v is Health {
  return (
    isObject(v) &&
    isNum(v.serverTime) &&
    typeof v.storeUp === 'boolean' &&
    Array.isArray(v.feeds) &&
    v.feeds.every((f) => isObject(f) && typeof f.source === 'string' && isNum(f.lastEventAt) && typeof f.silent === 'boolean')
  );
}

export function looksLikeDisplaySettings(v: unknown): v is DisplaySettings {
  return isObject(v) && typeof v.name === 'string' && isObject(v.layout) && (v.layout.tiles === undefined || Array.isArray(v.layout.tiles));
}
