/** "did you mean …?" for a mistyped name: the known names nearest to what was typed (edit distance, case ignored). */

function distance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) row[j] = Math.min(prev[j]! + 1, row[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    prev = row;
  }
  return prev[b.length]!;
}

/** The nearest names (up to `max`, all as near as each other), if within a third of the typed length (at least 2 edits). */
export function closestNames(typed: string, names: readonly string[], max = 3): string[] {
  const t = typed.toLowerCase();
  const limit = Math.max(2, Math.floor(t.length / 3));
  const near = names.map((n) => ({ n, d: distance(t, n.toLowerCase()) })).filter((x) => x.d <= limit);
  const best = Math.min(...near.map((x) => x.d));
  return near
    .filter((x) => x.d === best)
    .map((x) => x.n)
    .sort()
    .slice(0, max);
}

/** ` (did you mean a or b?)`, or nothing */
export function didYouMean(typed: string, names: readonly string[]): string {
  const near = closestNames(typed, names);
  return near.length ? ` (did you mean ${near.join(' or ')}?)` : '';
}
