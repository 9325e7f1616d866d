/**
 * What an audit entry changed, in one line a person reads: `role: duty → manager`,
 * `layout.theme: dark → light`, `sites: — → kholmsk`. Nested objects (a display's layout) are
 * compared field by field, one level down; lists are written out. Pure.
 */
type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

function text(v: unknown): string {
  if (v === undefined || v === null || (Array.isArray(v) && v.length === 0)) return '—';
  if (Array.isArray(v)) return v.map(text).join(', ');
  if (isObj(v)) return Object.keys(v).length ? JSON.stringify(v) : '—';
  return String(v);
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
    } else if (text(x) !== text(y)) {
      out.push(`${key}: ${text(x)} → ${text(y)}`);
    }
  }
  return out;
}
