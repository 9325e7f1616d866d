/**
 * What an audit entry changed, in one line a person reads: `role: duty → manager`,
 * `layout.theme: dark → light`, `sites: — → kholmsk`. Nested objects (a display's layout) are
 * compared field by field, one level down; lists are written out, or when both sides have one,
 * what came and went (`nonWorkingWeekdays: +2027-12-31, −2027-01-02`). Pure.
 */
type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

function text(v: unknown): string {
  if (v === undefined || v === null || (Array.isArray(v) && v.length === 0)) return '—';
  if (Array.isArray(v)) return v.map(text).join(', ');
  if (isObj(v)) return Object.keys(v).length ? JSON.stringify(v) : '—';
  return String(v);
}

/** `+added`, `−removed` between two lists (nothing when only their order changed) */
function listMoves(x: readonly unknown[], y: readonly unknown[]): string[] {
  const [was, is] = [x.map(text), y.map(text)];
  return [...is.filter((v) => !was.includes(v)).map((v) => `+${v}`), ...was.filter((v) => !is.includes(v)).map((v) => `−${v}`)];
}

/** fields that say nothing to a reader (times the server sets) */
const QUIET = new Set(['createdAt', 'revokedAt', 'screens', 'id']);

export function auditChanges(before: unknown, after: unknown): string[] {
  const a = isObj(before) ? before : {};
  const b = isObj(after) ? after : {};
  const out: string[] = [];
  for (const key of [...new Set([...Object.keys(a), ...Object.keys(b)])]) {
    if (QUIET.has(key)) continue;
    const [x, y] = [a[key], b[key]];
    if (isObj(x) || isObj(y)) {
      const [xo, yo] = [isObj(x) ? x : {}, isObj(y) ? y : {}];
      for (const k of [...new Set([...Object.keys(xo), ...Object.keys(yo)])]) {
        if (text(xo[k]) !== text(yo[k])) out.push(`${key}.${k}: ${text(xo[k])} → ${text(yo[k])}`);
      }
    } else if (Array.isArray(x) && Array.isArray(y) && x.length && y.length && listMoves(x, y).length) {
      // two lists (a calendar year's dates): what came and went, not both lists in full
      out.push(`${key}: ${listMoves(x, y).join(', ')}`);
    } else if (text(x) !== text(y)) {
      out.push(`${key}: ${text(x)} → ${text(y)}`);
    }
  }
  return out;
}
