/**
 * Lean push on thin links (issue 19): a screen that asks (`auth.packed: true` on its socket; every
 * wall does, and inflates with fflate: client/src/api/inflate.ts) gets each update's body deflated once per broadcast for all
 * such screens — a patch of ~6 KB of JSON travels as ~1 KB — instead of per-socket WebSocket
 * compression, whose CPU and memory grow with every screen (docs/performance.md, "Compression").
 * Small bodies are not worth it and go as they are. No I/O, no zlib here: each side brings its own.
 */
import type { PackedUpdate, SiteUpdate } from './socket.js';

/** bodies smaller than this (JSON bytes) go unpacked */
export const PACK_FROM_BYTES = 512;

/** the socket auth field by which a screen says it can inflate packed updates */
export const PACKED_AUTH_FIELD = 'packed';


export function isPacked(u: SiteUpdate | PackedUpdate): u is PackedUpdate {
  return 'packed' in u && u.packed !== undefined;
}

/** The update a packed one stands for, from its inflated body (JSON of `{state}` or `{patch}`). */
export function unpacked(u: PackedUpdate, bodyJson: string): SiteUpdate {
  const body = JSON.parse(bodyJson) as { state?: unknown; patch?: unknown };
  const head = { site: u.site, seq: u.seq, serverTime: u.serverTime };
  if (body.patch !== undefined && typeof body.patch === 'object' && body.patch !== null) return { ...head, patch: body.patch };
  return { ...head, state: body.state } as SiteUpdate;
}
