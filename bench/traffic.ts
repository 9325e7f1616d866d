/**
 * Event traffic for the bench: contract-valid call lifecycles (queued → offered → answered →
 * ended), ordered by time the way a live feed sends them, so one call's events usually land in
 * different batches and its entity is read and re-folded several times, as in production.
 */
import type { ObzorEvent } from '../shared/events.js';

export const QUEUES = ['hotline', 'billing', 'outages'] as const;

export interface CallPlan {
  callId: string;
  queued: number;
  offered: number;
  answered: number;
  ended: number;
  queue: string;
  agentId: string;
}

export function lifecycle(p: CallPlan, site: string, idPrefix: string, extra: { source?: string } = {}): ObzorEvent[] {
  const base = (stage: string, at: number) => ({ id: `${idPrefix}${p.callId}-${stage}`, at: new Date(at).toISOString(), site, ...extra });
  return [
    { ...base('q', p.queued), type: 'call.queued', callId: p.callId, queue: p.queue, line: p.queue === 'hotline' ? 'hotline' : 'direct', clientType: 'individual' },
    { ...base('o', p.offered), type: 'call.offered', callId: p.callId, agentId: p.agentId },
    { ...base('a', p.answered), type: 'call.answered', callId: p.callId, agentId: p.agentId },
    { ...base('e', p.ended), type: 'call.ended', callId: p.callId, outcome: 'resolved' },
  ];
}

export function agentOf(n: number, agents = 40): string {
  return `op-${String((n % agents) + 1).padStart(2, '0')}`;
}

/**
 * `calls` calls, one every `gapMs` from `start`: each waits 15 s, rings 10 s and talks 3 min
 * (so about 4,000 events separate a call's first event from its last). Sorted by `at`.
 */
export function callStream(opts: { calls: number; start: number; gapMs: number; site: string; idPrefix: string; source?: string }): ObzorEvent[] {
  const out: [number, ObzorEvent][] = [];
  for (let i = 0; i < opts.calls; i++) {
    const t = opts.start + i * opts.gapMs;
    const plan: CallPlan = { callId: `${opts.idPrefix}c${i}`, queued: t, offered: t + 15_000, answered: t + 25_000, ended: t + 205_000, queue: QUEUES[i % QUEUES.length]!, agentId: agentOf(i) };
    for (const e of lifecycle(plan, opts.site, opts.idPrefix, opts.source ? { source: opts.source } : {})) out.push([Date.parse(e.at), e]);
  }
  return out.sort((a, b) => a[0] - b[0]).map(([, e]) => e);
}

export function chunk<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
