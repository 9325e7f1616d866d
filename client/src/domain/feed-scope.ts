/**
 * Which feeds concern a screen, and what they can see. Pure.
 *
 * A feed bound to a site (an Asterisk feed says which) concerns only screens showing that
 * site; a sender with no site (an HTTP source) concerns every screen. A queue_log is written
 * when a ring has ended: a site fed only by queue_logs cannot see a ring going on.
 */
// relative, not '@shared': tests/unit/asterisk-feeds-config.test.ts runs these rules under the root tsconfig too
import type { FeedStatus } from '../../../shared/socket.js';

/** the feeds of these sites, and the unbound ones; all feeds while the screen's sites are not known yet */
export function feedsOfSites(feeds: readonly FeedStatus[], siteIds: readonly string[]): FeedStatus[] {
  if (siteIds.length === 0) return [...feeds];
  return feeds.filter((f) => f.site === undefined || siteIds.includes(f.site));
}

/** false when the sites' own feeds are all of a kind that cannot see live rings (and there is at least one) */
export function ringsVisible(feeds: readonly FeedStatus[], siteIds: readonly string[]): boolean {
  const bound = feeds.filter((f) => f.site !== undefined && siteIds.includes(f.site));
  return bound.length === 0 || bound.some((f) => f.seesRings !== false);
}
