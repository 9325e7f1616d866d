/** Counts and shares formatted for ru-RU (thin-space thousands, "87 %"). */
const LOCALE = 'ru-RU';
const integer = new Intl.NumberFormat(LOCALE, { maximumFractionDigits: 0 });
const percent = new Intl.NumberFormat(LOCALE, { style: 'percent', maximumFractionDigits: 0 });

export function formatCount(n: number): string {
  // below 1,000 ru-RU writes a whole number as its plain digits: no Intl call for the wall's many small counts
  return Number.isInteger(n) && n >= 0 && n < 1000 ? String(n) : integer.format(n);
}

/** the share texts already made, by whole percent */
const shares = new Map<number, string>();

/**
 * 0…1 → `87 %`, rounded down so that 99.6 % never reads as a clean 100 %;
 * `—` when there is nothing to divide yet.
 */
export function formatShare(share: number | null): string {
  if (share === null) return '—';
  const pct = Math.floor(share * 100 + 1e-9);
  // whole percents are few: each worked out by Intl once (a call per update cost a TV stick more than the figure)
  let text = shares.get(pct);
  if (text === undefined) {
    text = percent.format(pct / 100);
    if (shares.size < 1000) shares.set(pct, text);
  }
  return text;
}

const ratio = new Intl.NumberFormat(LOCALE, { minimumFractionDigits: 1, maximumFractionDigits: 1 });

/** a multiple of the usual, `×3,4` (issue 16's surge banner) */
export function formatRatio(r: number): string {
  return `×${ratio.format(r)}`;
}
