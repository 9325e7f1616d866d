/**
 * Inflate for packed updates (shared/packed-update.ts), synchronous (fflate): the update is
 * inflated, applied and re-rendered in the task that received it. The browser's DecompressionStream
 * took several tasks and promise turns an update — on a TV stick (CPU ×6) ~2 ms of stream set-up
 * for a patch of a few hundred bytes (npm run bench -- tv).
 */
import { inflateSync, strFromU8, strToU8 } from 'fflate';

/** `base64`: deflate-raw bytes in base64 (shared/socket.ts PackedUpdate) */
export function inflateText(base64: string): string {
  // atob gives one character per byte: read as latin-1, they are the bytes
  return strFromU8(inflateSync(strToU8(atob(base64), true)));
}
