/**
 * Lean push (issue 19): after the snapshot, a site's update carries only what changed since the
 * update before it (seq − 1), as a patch of the site's state; `applySitePatch(prev, diffSite(prev,
 * next))` equals `next` (tests/unit/site-patch.test.ts checks it on random states).
 *
 * The format (docs/performance.md, "Deltas"), recursive from the site's state down:
 *   ObjectPatch  { set?: {field: value}, del?: [field], sub?: {field: ObjectPatch}, lists?: {field: ListPatch} }
 *   ListPatch    { add?: [item], del?: [id], sub?: {id: ObjectPatch}, order?: [id] }
 * `set` replaces a field's value whole (a number, a string, an array without ids); `sub` changes an
 * object field in place; `lists` changes a list of entities by their id (the table below): new ones
 * added, gone ones removed, changed ones patched in place. Its `order` — every id, in order — comes
 * when members came or went, or the order is not "the old order without the removed, then the
 * added"; a list whose members only changed in place costs no ids. With `order`, the list is
 * exactly those ids, whatever the screen held before.
 * No zod and no I/O: the client imports it.
 */

/** The lists of entities in a site's state, and the field that is each entity's id. */
export const LIST_IDS: Readonly<Record<string, string>> = {
  queues: 'queue',
  calls: 'callId',
  agents: 'agentId',
  callbacks: 'ref',
  appeals: 'appealId',
  conflicts: 'conflictId',
  ringingPast3: 'callId',
  ringsPast3ByAgent: 'agentId',
  agentsToday: 'agentId',
  incidents: 'incidentId',
};

export interface ObjectPatch {
  set?: Record<string, unknown>;
  del?: string[];
  sub?: Record<string, ObjectPatch>;
  lists?: Record<string, ListPatch>;
}

export interface ListPatch {
  add?: unknown[];
  del?: string[];
  sub?: Record<string, ObjectPatch>;
  order?: string[];
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Same JSON value (key order aside). */
export function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a)) return Array.isArray(b) && a.length === b.length && a.every((x, i) => sameValue(x, b[i]));
  if (!isObj(a) || !isObj(b)) return false;
  const ka = Object.keys(a).filter((k) => a[k] !== undefined);
  const kb = Object.keys(b).filter((k) => b[k] !== undefined);
  return ka.length === kb.length && ka.every((k) => sameValue(a[k], b[k]));
}

/** The ids of a list of entities, or null when it is not one (an item without its id, a repeated id). */
function idsOf(list: unknown, idField: string | undefined): string[] | null {
  if (!idField || !Array.isArray(list)) return null;
  const ids: string[] = [];
  for (const item of list) {
    const id = isObj(item) ? item[idField] : undefined;
    if (typeof id !== 'string') return null;
    ids.push(id);
  }
  return new Set(ids).size === ids.length ? ids : null;
}

const isEmpty = (p: object) => Object.keys(p).length === 0;

function diffList(prev: unknown[], next: unknown[], prevIds: string[], nextIds: string[]): ListPatch | null {
  const before = new Map(prevIds.map((id, i) => [id, prev[i]]));
  const kept = new Set(nextIds.filter((id) => before.has(id)));
  const patch: ListPatch = {};
  const del = prevIds.filter((id) => !kept.has(id));
  const add = next.filter((_, i) => !before.has(nextIds[i]!));
  const sub: Record<string, ObjectPatch> = {};
  nextIds.forEach((id, i) => {
    if (!before.has(id)) return;
    const p = diffObject(before.get(id) as Obj, next[i] as Obj);
    if (p) sub[id] = p;
  });
  if (del.length) patch.del = del;
  if (add.length) patch.add = add;
  if (!isEmpty(sub)) patch.sub = sub;
  const implied = [...prevIds.filter((id) => kept.has(id)), ...nextIds.filter((id) => !before.has(id))];
  // every id whenever the members change too: a screen whose base held one the server's did not
  // (a snapshot read between two pushes) drops it at once rather than at the next whole state
  if (add.length || del.length || implied.some((id, i) => id !== nextIds[i])) patch.order = nextIds;
  return isEmpty(patch) ? null : patch;
}

/** What turns `prev` into `next`; null when they are the same. */
export function diffObject(prev: Obj, next: Obj): ObjectPatch | null {
  const patch: ObjectPatch = {};
  const set: Obj = {};
  const sub: Record<string, ObjectPatch> = {};
  const lists: Record<string, ListPatch> = {};
  const del = Object.keys(prev).filter((k) => prev[k] !== undefined && next[k] === undefined);
  for (const k of Object.keys(next)) {
    const [a, b] = [prev[k], next[k]];
    if (b === undefined || sameValue(a, b)) continue;
    const idField = LIST_IDS[k];
    const [aIds, bIds] = [idsOf(a, idField), idsOf(b, idField)];
    if (aIds && bIds && aIds.length && bIds.length) {
      const p = diffList(a as unknown[], b as unknown[], aIds, bIds);
      if (p) lists[k] = p;
    } else if (isObj(a) && isObj(b)) {
      const p = diffObject(a, b);
      if (p) sub[k] = p;
    } else {
      set[k] = b;
    }
  }
  if (!isEmpty(set)) patch.set = set;
  if (del.length) patch.del = del;
  if (!isEmpty(sub)) patch.sub = sub;
  if (!isEmpty(lists)) patch.lists = lists;
  return isEmpty(patch) ? null : patch;
}

function applyList(list: unknown[], p: ListPatch, idField: string): unknown[] {
  const gone = new Set(p.del ?? []);
  const byId = new Map<string, unknown>();
  const order: string[] = [];
  for (const item of list) {
    const id = (item as Obj)[idField] as string;
    if (gone.has(id)) continue;
    const change = p.sub?.[id];
    byId.set(id, change ? applyObject(item as Obj, change) : item);
    order.push(id);
  }
  for (const item of p.add ?? []) {
    const id = (item as Obj)[idField] as string;
    if (!byId.has(id)) order.push(id);
    byId.set(id, item);
  }
  // an id the patch orders but this list lacks (its base was not the server's) is left out: the next full state brings it
  return (p.order ?? order).filter((id) => byId.has(id)).map((id) => byId.get(id));
}

/** `base` with the patch applied; `base` itself is left as it is (unchanged parts are shared). */
export function applyObject<T extends object>(base: T, p: ObjectPatch): T {
  const out: Obj = { ...(base as Obj) };
  for (const k of p.del ?? []) delete out[k];
  for (const [k, v] of Object.entries(p.set ?? {})) out[k] = v;
  for (const [k, sp] of Object.entries(p.sub ?? {})) out[k] = applyObject(isObj(out[k]) ? (out[k]) : {}, sp);
  for (const [k, lp] of Object.entries(p.lists ?? {})) {
    const idField = LIST_IDS[k];
    if (idField) out[k] = applyList(Array.isArray(out[k]) ? (out[k] as unknown[]) : [], lp, idField);
  }
  return out as T;
}
