/** Builds contract-valid events tersely for tests. */
import type { ObzorEvent } from '../../shared/events.js';

let n = 0;
// a past Wednesday: the contract rejects events more than 5 min in the future
export const T0 = Date.parse('2026-11-18T09:00:00+11:00');

export function at(offsetSec: number, base = T0): string {
  return new Date(base + offsetSec * 1000).toISOString();
}

type Body<T extends ObzorEvent['type']> = Omit<Extract<ObzorEvent, { type: T }>, 'id' | 'at' | 'site' | 'type'>;

export function ev<T extends ObzorEvent['type']>(type: T, offsetSec: number, body: Body<T>, extra: { id?: string; site?: string; base?: number } = {}): Extract<ObzorEvent, { type: T }> {
  return { id: extra.id ?? `t-${process.pid}-${++n}`, type, at: at(offsetSec, extra.base), site: extra.site ?? 'yuzhno-sakhalinsk', ...body } as Extract<ObzorEvent, { type: T }>;
}

/** A call that waits 20 s, rings 11 s, is answered, connected at 40 s and ends after 5 min. */
export function answeredCall(callId: string, base = T0, site = 'yuzhno-sakhalinsk'): ObzorEvent[] {
  const o = { base, site };
  return [
    ev('call.queued', 0, { callId, queue: 'hotline', line: 'hotline', clientType: 'individual' }, o),
    ev('call.offered', 20, { callId, agentId: 'op-7' }, o),
    ev('call.answered', 31, { callId, agentId: 'op-7' }, o),
    ev('call.connected', 40, { callId, specialistId: 'sp-1' }, o),
    ev('call.ended', 331, { callId, outcome: 'resolved' }, o),
  ];
}
