/**
 * Issue 16 on the recorded Asterisk 22 run (/work/shared/data/asterisk/live-22.10.1, also in
 * tests/fixtures): with `includeCallerNumber` the queue_log's ENTERQUEUE caller id becomes
 * `client.phone`, and every caller lost after waiting ≥ 5 s is a lost call to call back with
 * that number — counted independently from the queue_log's own waits (ABANDON, EXITWITHTIMEOUT,
 * EXITEMPTY, EXITWITHKEY: a caller the queue let go is to be called back too).
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ObzorEvent } from '../../shared/events.js';
import { parseQueueLogLine } from '../../server/adapters/asterisk/queue-log-line.js';
import { QueueLogMapper } from '../../server/adapters/asterisk/queue-log-mapper.js';
import { SiteConfig } from '../../server/domain/sites.js';
import { foldInMemory } from '../helpers/fold-in-memory.js';

const SHARED = '/work/shared/data/asterisk/live-22.10.1/queue_log';
const FILE = existsSync(SHARED) ? SHARED : path.resolve(import.meta.dirname, '../fixtures/asterisk/live-22.10.1/queue_log');
const site = SiteConfig.parse({ id: 'yuzhno-sakhalinsk', name: { ru: 'Ю', en: 'Y' } });

describe('lost callers of the recorded Asterisk run', () => {
  it('carry the ENTERQUEUE caller id as their number, one entry per caller lost after ≥ 5 s', () => {
    const lines = readFileSync(FILE, 'utf8').split('\n').filter(Boolean);
    const mapper = new QueueLogMapper({ site: site.id, includeCallerNumber: true });
    const events: ObzorEvent[] = [];
    const callerOf = new Map<string, string>();
    const answered = new Set<string>();
    const lostAfter5 = new Set<string>();
    lines.forEach((line, i) => {
      const p = parseQueueLogLine(line, i + 1);
      if (p.kind !== 'entry') return;
      const r = mapper.map(p.entry);
      if (r.ok) events.push(...r.events);
      const [, callId, , , verb, ...data] = line.split('|');
      if (verb === 'ENTERQUEUE' && !callerOf.has(callId!)) callerOf.set(callId!, data[1]!);
      if (verb === 'CONNECT') answered.add(callId!);
      // every way a caller leaves a queue unanswered, with its wait (the last field of each)
      if (['ABANDON', 'EXITWITHTIMEOUT', 'EXITEMPTY', 'EXITWITHKEY'].includes(verb!) && Number(data.at(-1)) >= 5) lostAfter5.add(callId!);
    });
    for (const id of answered) lostAfter5.delete(id);
    const last = Math.max(...events.map((e) => Date.parse(e.at)));
    const state = foldInMemory(site, events)(last + 60_000);
    const lost = state.lostCalls!;
    expect(lost.length).toBeGreaterThan(0);
    expect(new Set(lost.map((l) => l.callId))).toEqual(lostAfter5);
    for (const l of lost) expect(l.client?.phone).toBe(callerOf.get(l.callId));
    expect(lost.every((l) => l.waitedSec >= 5 && l.dueAt !== undefined)).toBe(true);
  });
});
