/**
 * Per-site update sequence: the server numbers each site's updates 1, 2, 3 … A client that
 * sees anything but "last + 1" has missed an update (or the server restarted its numbering)
 * and must re-sync from a full snapshot.
 */
export type SeqCheck = 'next' | 'gap';

export function checkSeq(last: number | undefined, next: number): SeqCheck {
  return last !== undefined && next === last + 1 ? 'next' : 'gap';
}
