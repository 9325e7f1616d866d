/**
 * The browser's own inflate (DecompressionStream, no library shipped) for packed updates
 * (shared/packed-update.ts). A browser without it does not ask for them and gets plain JSON.
 */
export const canInflate = typeof DecompressionStream === 'function';

export async function inflateText(bytes: ArrayBuffer | Uint8Array): Promise<string> {
  const body = new Blob([bytes as BlobPart]).stream().pipeThrough(new DecompressionStream('deflate-raw'));
  return new Response(body).text();
}
