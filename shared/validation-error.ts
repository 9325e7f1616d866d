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

export function formatPath(path: readonly PropertyKey[]): string {
  return path.length ? path.map((p) => (typeof p === 'number' ? `[${p}]` : String(p))).join('.').replace(/\.\[/g, '[') : '(event)';
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

export function formatIssue(issue: z.core.$ZodIssue, input: unknown): string {
  const path = formatPath(issue.path);
  if (issue.code === 'custom') return `${path}: ${issue.message}`;
  if (issue.code === 'invalid_union' && path === 'type') {
    return `type: expected a known event type, got ${describeValue(valueAt(input, ['type']))}`;
  }
  if (issue.code === 'unrecognized_keys') return `${path}: unexpected field(s) ${issue.keys.join(', ')}`;
  return `${path}: expected ${expected(issue)}, got ${describeValue(valueAt(input, issue.path))}`;
}

export function formatIssues(issues: readonly z.core.$ZodIssue[], input: unknown): string {
  return issues.map((i) => formatIssue(i, input)).join('; ');
}
