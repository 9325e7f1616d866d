/**
 * Inflate for packed updates (shared/packed-update.ts), synchronous (fflate): the update is
 * inflated, applied and re-rendered in the task that received it. The browser's DecompressionStream
 * took several tasks and promise turns an update — on a TV stick (CPU ×6) ~2 ms of stream set-up
 * for a patch of a few hundred bytes (npm run bench -- tv).
 */
import { inflateSync, strFromU8 } from 'fflate';

/** `base64`: deflate-raw bytes in base64 (shared/socket.ts PackedUpdate) */
export function inflateText(base64: string): string {
  const raw = atob(base64);
  const bytes = new Uint8Array(raw.length);
  for (let i = 0; i < raw.length; i++) bytes[i] = raw.charCodeAt(i);
  return strFromU8(inflateSync(bytes));
}
