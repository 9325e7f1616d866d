/**
 * The browser's own inflate (DecompressionStream, no library shipped) for packed updates
 * (shared/packed-update.ts). A browser without it does not ask for them and gets plain JSON.
 */
export const canInflate = typeof DecompressionStream === 'function';

/** `base64`: deflate-raw bytes in base64 (shared/socket.ts PackedUpdate) */
export async function inflateText(base64: string): Promise<string> {
  const raw = atob(base64);
  const bytes = new Uint8Array(raw.length);
  for (let i = 0; i < raw.length; i++) bytes[i] = raw.charCodeAt(i);
  // written straight into the stream: going through a Blob cost a TV stick ~4 ms an update (npm run bench -- tv)
  const inflate = new DecompressionStream('deflate-raw');
  const writer = inflate.writable.getWriter();
  void writer.write(bytes).then(() => writer.close());
  return new Response(inflate.readable).text();
}
