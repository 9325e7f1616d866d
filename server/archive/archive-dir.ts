import { accessSync, constants, mkdirSync } from 'node:fs';
import { ConfigError } from '../config.js';

/** the archive's directory exists (made if need be) and can be written: else start-up stops, naming the setting */
export function assertArchiveDir(dir: string): void {
  try {
    mkdirSync(dir, { recursive: true });
    accessSync(dir, constants.W_OK);
  } catch (e) {
    throw new ConfigError(`OBZOR_ARCHIVE_DIR: cannot write to ${dir} (${(e as NodeJS.ErrnoException).code ?? (e as Error).message}); point it at a writable directory, or set OBZOR_LOG_KEEP_DAYS=0 to keep the log in Redis only`);
  }
}
