/**
 * Inflate for packed updates (shared/packed-update.ts), synchronous (fflate): the update is
 * inflated, applied and re-rendered in the task that received it. The browser's DecompressionStream
 * took several tasks and promise turns an update — on a TV stick (CPU ×6) ~2 ms of stream set-up
 * for a patch of a few hundred bytes (npm run bench -- tv).
 */
import { inflateSync, strFromU8, strToU8 } from 'fflate';

/**
 * `base64`: deflate-raw bytes in base64; `bytes`: the inflated length the server gave
 * (shared/socket.ts PackedUpdate). With it the output buffer is made once, one byte larger than
 * that: fflate fills a given buffer and stops at its end, so a body that fills it whole was longer
 * than said — inflated again without the hint — and one that does not is all there.
 */
export function inflateText(base64: string, bytes?: number): string {
  // atob gives one character per byte: read as latin-1, they are the bytes
  const input = strToU8(atob(base64), true);
  if (bytes !== undefined && Number.isInteger(bytes) && bytes > 0 && bytes <= MAX_HINT_BYTES) {
    const out = inflateSync(input, { out: new Uint8Array(bytes + 1) });
    if (out.length <= bytes) return strFromU8(out);
  }
  return strFromU8(inflateSync(input));
}

/** a size hint above this is not believed (a whole state of a large site is ~40 KB) */
const MAX_HINT_BYTES = 16 * 1024 * 1024;
