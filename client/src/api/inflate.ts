/**
 * The browser's own inflate (DecompressionStream, no library shipped) for packed updates
 * (shared/packed-update.ts). A browser without it does not ask for them and gets plain JSON.
 */
export const canInflate = typeof DecompressionStream === 'function';

export async function inflateText(bytes: ArrayBuffer | Uint8Array): Promise<string> {
  // written straight into the stream: going through a Blob cost a TV stick ~4 ms an update (npm run bench -- tv)
  const inflate = new DecompressionStream('deflate-raw');
  const writer = inflate.writable.getWriter();
  void writer.write((bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes)) as Uint8Array<ArrayBuffer>).then(() => writer.close());
  return new Response(inflate.readable).text();
}
