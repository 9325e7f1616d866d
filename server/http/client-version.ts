/** Which client build this server serves (written by the build: client/build-version.ts), for /admin to compare each screen's with. */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';

export function clientVersionOf(clientDist: string): () => Promise<string | undefined> {
  return async () => {
    try {
      const v = (JSON.parse(await readFile(join(clientDist, 'version.json'), 'utf8')) as { version?: unknown }).version;
      return typeof v === 'string' ? v : undefined;
    } catch {
      // no build yet (a dev server), or an older one without the file
      return undefined;
    }
  };
}
