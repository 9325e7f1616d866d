/**
 * Turns zod issues into messages a sender can act on: the field path, what was expected
 * and what came, e.g. `callId: expected string, got number 42`.
 */
import type { z } from 'zod';

function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let v: unknown = input;
  for (const p of path) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<PropertyKey, unknown>)[p];
  }
  return v;
}

export function describeValue(v: unknown): string {
  if (v === undefined) return 'nothing';
  if (v === null) return 'null';
  if (Array.isArray(v)) return `array(${v.length})`;
  if (typeof v === 'object') return 'object';
  const text = typeof v === 'string' ? JSON.stringify(v.length > 60 ? `${v.slice(0, 60)}…` : v) : String(v);
  return `${typeof v} ${text}`;
}

/** `root` names the whole input when the path is empty: `body` for a request, `(event)` for one event */
export function formatPath(path: readonly PropertyKey[], root = 'body'): string {
  return path.length ? path.map((p) => (typeof p === 'number' ? `[${p}]` : String(p))).join('.').replace(/\.\[/g, '[') : root;
}

function expected(issue: z.core.$ZodIssue): string {
  switch (issue.code) {
    case 'invalid_type':
      return issue.expected;
    case 'invalid_value':
      return issue.values.map((v) => JSON.stringify(v)).join(' | ');
    case 'invalid_union':
      return 'one of the documented shapes';
    case 'unrecognized_keys':
      return `no field ${issue.keys.join(', ')}`;
    default:
      return issue.message.replace(/^(Invalid input: )?expected /i, '');
  }
}

const UNITS: Partial<Record<string, [one: string, many: string]>> = { string: ['character', 'characters'], array: ['item', 'items'], set: ['item', 'items'], file: ['byte', 'bytes'] };

function plural(n: number | bigint, origin: string): string {
  const u = UNITS[origin];
  return u ? `${n} ${Number(n) === 1 ? u[0] : u[1]}` : String(n);
}

/** what came, for a size issue: its length, not its text ("got 300 characters") */
function sizeOf(v: unknown, origin: string): string {
  if (typeof v === 'string' && origin === 'string') return plural(v.length, origin);
  if (Array.isArray(v)) return plural(v.length, 'array');
  return describeValue(v);
}

function sizeIssue(issue: z.core.$ZodIssue, input: unknown): string | null {
  if (issue.code !== 'too_big' && issue.code !== 'too_small') return null;
  const bound = issue.code === 'too_big' ? issue.maximum : issue.minimum;
  const word = issue.code === 'too_big' ? (issue.inclusive === false ? 'less than' : 'at most') : issue.inclusive === false ? 'more than' : 'at least';
  return `expected ${word} ${plural(bound, issue.origin)}, got ${sizeOf(valueAt(input, issue.path), issue.origin)}`;
}

export function formatIssue(issue: z.core.$ZodIssue, input: unknown, root = 'body'): string {
  const path = formatPath(issue.path, root);
  const size = sizeIssue(issue, input);
  if (size) return `${path}: ${size}`;
  if (issue.code === 'custom') return `${path}: ${issue.message}`;
  if (issue.code === 'invalid_union' && path === 'type') {
    return `type: expected a known event type, got ${describeValue(valueAt(input, ['type']))}`;
  }
  if (issue.code === 'unrecognized_keys') return `${path}: unexpected field(s) ${issue.keys.join(', ')}`;
  return `${path}: expected ${expected(issue)}, got ${describeValue(valueAt(input, issue.path))}`;
}

export function formatIssues(issues: readonly z.core.$ZodIssue[], input: unknown, root = 'body'): string {
  return issues.map((i) => formatIssue(i, input, root)).join('; ');
}
