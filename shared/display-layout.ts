/**
 * What one wall screen shows, carried by its display token (issue 14, item 6): which tiles in
 * which order, which queues, how often it turns between its sites, theme, text scale, sound.
 * Set by an admin (`npm run obzor -- display:add --tiles …`, PATCH /api/v1/admin/display-tokens/:id);
 * the server sends it to that display's screens on connect and again when it changes, so a wall
 * re-lays itself out live. Every field is optional: what a layout leaves unset falls back to the
 * kiosk URL (`?rotate=`, `?sound=on`) and then to the built-in wall.
 * No zod here: the client imports it at run time (the schema is in display-layout-schema.ts).
 */

/** The wall's tiles, in the built-in order (the tuned 16:9 grid of wall.css). */
/** `lostCalls` (issue 16): lost callers to call back — count, oldest age, status; never a number */
export const WALL_TILES = ['queues', 'rings', 'conflicts', 'callbacks', 'appeals', 'lostCalls', 'trend', 'agents', 'today'] as const;
export type WallTile = (typeof WALL_TILES)[number];

/** dark: the hall wall; light: a bright room; contrast: black and white with the status colours, for far or poor screens */
export const WALL_THEMES = ['dark', 'light', 'contrast'] as const;
export type WallTheme = (typeof WALL_THEMES)[number];

/** how much bigger everything on the wall is drawn, for a hall read from farther (never smaller: labels stay ≥ 2 % of the screen height) */
export const TEXT_SCALE = { min: 1, max: 1.6 } as const;
/** seconds between sites when a wall turns through them (as `?rotate=`) */
export const ROTATE_SECONDS = { min: 5, max: 3600 } as const;
/** queues a layout may name */
export const LAYOUT_QUEUES_MAX = 200;

export interface DisplayLayout {
  /** the tiles shown, in this order; unset: all, in the built-in grid */
  tiles?: WallTile[];
  /** only these queues on the queue and ring tiles (ids, or groups of the sites file's `queueGroups`); unset or empty: every queue of its sites */
  queues?: string[];
  /** seconds per site when the display has several; null: all sites together (even if the URL says ?rotate) */
  rotateSeconds?: number | null;
  theme?: WallTheme;
  textScale?: number;
  /** tones for new and overdue escalations (the kiosk browser must allow audio without a click) */
  sound?: boolean;
}

/** A display token as an admin sees it (GET /api/v1/admin/display-tokens): never the token itself. */
export interface DisplayRecord {
  id: string;
  name: string;
  /** bound to these sites; empty: every site */
  sites: string[];
  layout: DisplayLayout;
  createdAt: number;
  revokedAt?: number;
  /** provisioned from OBZOR_DISPLAY_TOKENS */
  fromEnv?: true;
  /** screens holding a live socket with this token now (in the admin list) */
  screens?: number;
  /** the screens that used this token lately, newest contact first (in the admin list) */
  screenList?: DisplayScreen[];
}

/** What a screen tells about itself when it connects (socket `auth`): both optional, both checked. */
export const SCREEN_ID = /^[A-Za-z0-9_-]{8,40}$/;
export const SCREEN_VERSION = /^[\w.+-]{1,40}$/;

/** One screen of a display, as /admin lists it: which build it runs and when it was last heard from. */
export interface DisplayScreen {
  /** the id the screen keeps in its browser (or its connection's, if it sent none) */
  screen: string;
  /** the app build it runs (client/vite.config.ts: version + build time); absent: it did not say */
  version?: string;
  /** the screen is connected now */
  online: boolean;
  /** when it was last heard from (connected, or still connected at the last check) */
  lastContact: number;
  /** its address as the server saw it (behind a proxy: as trusted) */
  address?: string;
}

/** What a display's screens get from the server: its name (for the header) and its layout. */
export interface DisplaySettings {
  name: string;
  layout: DisplayLayout;
}

/**
 * A layout's queues with each queue group it names (the sites file's `queueGroups` of the
 * display's sites) replaced by the group's queues: what its screens are sent.
 */
export function withQueueGroups(layout: DisplayLayout, groups: readonly Readonly<Record<string, readonly string[]>>[]): DisplayLayout {
  if (!layout.queues?.length) return layout;
  const queues = layout.queues.flatMap((q) => {
    const members = groups.flatMap((g) => g[q] ?? []);
    return members.length ? members : [q];
  });
  return { ...layout, queues: [...new Set(queues)] };
}

/** The built-in wall: every tile, in the tuned grid. */
export function isBuiltInTiles(tiles: readonly WallTile[] | undefined): boolean {
  return !tiles || (tiles.length === WALL_TILES.length && tiles.every((t, i) => t === WALL_TILES[i]));
}
