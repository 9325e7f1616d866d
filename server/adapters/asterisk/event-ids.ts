/**
 * Deterministic event ids: the same source line (or AMI message) always yields the same
 * ids, so re-importing a file or re-sending a batch is reported `duplicate` by the server
 * and changes nothing. Ids stay within the contract: `[A-Za-z0-9._:-]`, well under 128.
 */
import { createHash } from 'node:crypto';

export type IdPrefix = 'ast' | 'ami';

/** `ast:<24 hex of sha1(parts)>:<suffix>`; the suffix tells the events of one line apart. */
export function stableEventId(prefix: IdPrefix, parts: readonly string[], suffix: string): string {
  const digest = createHash('sha1').update(parts.join('\n')).digest('hex').slice(0, 24);
  return `${prefix}:${digest}:${suffix}`;
}

/** a short digest for keeping a window of recently seen lines */
export function lineDigest(text: string): string {
  return createHash('sha1').update(text).digest('base64');
}
