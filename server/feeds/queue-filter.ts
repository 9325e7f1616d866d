import type { CallEvent, ObzorEvent } from '../../shared/events.js';

/**
 * A feed's queue filter: calls that entered a queue outside the list are dropped with all their
 * later events; agent events pass (an agent may serve several queues).
 */
export class QueueFilter {
  private readonly dropped = new Set<string>();

  constructor(private readonly queues: readonly string[] | undefined) {}

  keep(events: ObzorEvent[]): ObzorEvent[] {
    if (!this.queues?.length) return events;
    return events.filter((e) => {
      if (e.type === 'call.queued' && !this.queues!.includes(e.queue)) {
        this.dropped.add(e.callId);
        // bounded memory: calls end within hours, a filter of a busy PBX sees thousands a day
        const oldest = this.dropped.size > 100_000 ? this.dropped.values().next().value : undefined;
        if (oldest !== undefined) this.dropped.delete(oldest);
        return false;
      }
      return !(e.type.startsWith('call.') && this.dropped.has((e as CallEvent).callId));
    });
  }
}
