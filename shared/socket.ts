/** Socket.IO's typed events, used by both the server and the client. */
import type { DisplaySettings } from './display-layout.js';
import type { Role } from './roles.js';
import type { Snapshot, SiteState } from './snapshot.js';
import type { ObjectPatch } from './site-patch.js';

interface UpdateHead {
  site: string;
  /** increases by exactly one per update of this site; a gap means "re-fetch the snapshot" */
  seq: number;
  serverTime: number;
}

/** The site's whole state: after a (re)connect, every so many updates, and whenever a patch would not be much smaller. */
export interface FullUpdate extends UpdateHead {
  state: SiteState;
  patch?: undefined;
}

/** What changed since update `seq − 1` of the site (shared/site-patch.ts): applied only to that state, else a resync. */
export interface PatchUpdate extends UpdateHead {
  patch: ObjectPatch;
  state?: undefined;
}

export type SiteUpdate = FullUpdate | PatchUpdate;

/**
 * An update as a screen that said it can inflate gets it (`auth.packed`, shared/packed-update.ts):
 * the same head, and `packed`, the deflate-raw of the JSON of `{state}` or `{patch}`, in base64 —
 * compressed once per broadcast, not once per screen. Base64 rather than a binary attachment: that
 * would be a second WebSocket frame to every screen for every update, and frames are what a
 * broadcast to thousands of screens costs.
 */
export interface PackedUpdate extends UpdateHead {
  packed: string;
  /**
   * the inflated body's length in bytes (UTF-8): the screen inflates into a buffer of that size
   * at once instead of growing one as it goes (a TV stick's inflate ~30 % faster); checked, not trusted
   */
  bytes?: number;
  state?: undefined;
  patch?: undefined;
}

/** A feed (ingest source) and when it last sent something; silent ones make a wall look unhealthy. */
export interface FeedStatus {
  source: string;
  /** 0 when nothing was received yet */
  lastEventAt: number;
  silent: boolean;
  /** for connection-based feeds (AMI): false while the connection is down */
  connected?: boolean;
  /** how long after its newest event's own time the source's last batch arrived (ingest lag) */
  lagMs?: number;
  /** an Asterisk feed's site: a screen of one site shows (and alarms on) its own feeds only */
  site?: string;
  kind?: 'ami' | 'queue_log';
  /** whether the feed sees rings as they happen (AMI); a queue_log is written when a ring has ended */
  seesRings?: boolean;
  /** events it received but could not place (e.g. a call it cannot find), since it started */
  mapErrors?: number;
  /** the last time the feed (or Obzor) was away: nothing is known of it */
  lastGap?: { from: number; to: number };
}

/** Whether the store (Redis) keeps its data across its own restart: `none` loses credentials and state. */
export type StorePersistence = 'aof' | 'rdb' | 'aof+rdb' | 'none' | 'unknown';

/** Sent by the node a screen is connected to, every few seconds and on every change of it. */
export interface Health {
  serverTime: number;
  /** false while the node cannot reach Redis: numbers on screen are stale */
  storeUp: boolean;
  /** as last checked (at start-up and on every reconnect); the duty view warns on `none` */
  storePersistence?: StorePersistence;
  feeds: FeedStatus[];
}

export interface ServerToClientEvents {
  snapshot: (snapshot: Snapshot) => void;
  update: (update: SiteUpdate | PackedUpdate) => void;
  health: (health: Health) => void;
  /** to a wall's screens (display token) on connect, and whenever an admin changes the display */
  display: (settings: DisplaySettings) => void;
  /** to a display's screens when an admin asks: reload the page (a new version, a stuck kiosk) */
  reload: () => void;
  /** the node is stopping: reconnect (to any node) after this delay */
  shutdown: (info: { reconnectAfterMs: number }) => void;
}

export interface ClientToServerEvents {
  /** ask for a fresh snapshot (after a sequence gap); answered through the ack */
  resync: (ack: (snapshot: Snapshot) => void) => void;
}

export type InterServerEvents = Record<string, never>;

/** Server-side per-socket data, set by the auth middleware. */
export interface SocketData {
  role: Role;
  sites: string[];
  /** set for wall screens: revoking this display token disconnects the socket */
  displayId?: string;
  /** a wall screen's row in its display's screen list (server/auth/display-screens.ts) */
  screen?: string;
  /** set for browser sessions: logging out or expiry disconnects the socket */
  sessionId?: string;
  /** set for browser sessions: deleting the user or changing its role or sites disconnects the socket */
  login?: string;
}

/** Why the server refused or closed a socket (`connect_error` message). */
export const SOCKET_UNAUTHORIZED = 'unauthorized';
/** The credentials could not be checked (the store is away): try again shortly, the screen is not refused. */
export const SOCKET_UNAVAILABLE = 'unavailable';
/** This display token or session holds as many sockets as it may (OBZOR_SOCKETS_PER_PRINCIPAL): try again slowly. */
export const SOCKET_TOO_MANY = 'too-many-sockets';
