/**
 * N13's times are one rule (shared/conflict-alert.ts): when the supervisor was alerted (the
 * escalation, else the raise), the time to acknowledge measured from it, and the site's
 * acknowledgement deadline. The server's fold and the console's figures use the same.
 */
import { describe, expect, it } from 'vitest';
import type { ConflictEvent } from '../../shared/events.js';
import { ackDeadlineMs, alertedAt, isPastAckDeadline, timeToAcknowledgeMs, timeToResolveMs, unacknowledgedForMs } from '../../shared/conflict-alert.js';
import { deriveConflict } from '../../server/domain/conflict-fold.js';
import { dailyFigures } from '../../client/src/domain/escalations.js';
import { ev, T0 } from '../helpers/event-factory.js';

describe('conflict alert times (N13)', () => {
  it('alerts at the escalation, or at the raise of a conflict never escalated', () => {
    expect(alertedAt({ raisedAt: T0, escalatedAt: T0 + 60_000 })).toBe(T0 + 60_000);
    expect(alertedAt({ raisedAt: T0 })).toBe(T0);
    expect(alertedAt({})).toBeUndefined();
    expect(timeToAcknowledgeMs({ raisedAt: T0, escalatedAt: T0 + 60_000, acknowledgedAt: T0 + 90_000 })).toBe(30_000);
    expect(timeToAcknowledgeMs({ raisedAt: T0, acknowledgedAt: T0 + 90_000 })).toBe(90_000);
    expect(timeToAcknowledgeMs({ raisedAt: T0 })).toBeUndefined();
    // resolving is timed from the raise (the escalation only when the raise has not arrived)
    expect(timeToResolveMs({ raisedAt: T0, escalatedAt: T0 + 60_000, resolvedAt: T0 + 600_000 })).toBe(600_000);
    expect(timeToResolveMs({ escalatedAt: T0 + 60_000, resolvedAt: T0 + 600_000 })).toBe(540_000);
  });

  it("judges an unacknowledged escalation by the site's deadline, from the whole deadline on", () => {
    const deadline = ackDeadlineMs({ conflictAckSeconds: 120 });
    expect(deadline).toBe(120_000);
    const esc = { raisedAt: T0, escalatedAt: T0 + 10_000 };
    expect(unacknowledgedForMs(esc, T0 + 70_000)).toBe(60_000);
    expect(isPastAckDeadline(esc, deadline, T0 + 10_000 + deadline - 1)).toBe(false);
    expect(isPastAckDeadline(esc, deadline, T0 + 10_000 + deadline)).toBe(true);
    expect(isPastAckDeadline({ ...esc, acknowledgedAt: T0 + 20_000 }, deadline, T0 + 10 * deadline)).toBe(false);
    // raised, never escalated: nothing to acknowledge against the deadline
    expect(isPastAckDeadline({ raisedAt: T0 }, deadline, T0 + 10 * deadline)).toBe(false);
  });

  it("gives the server's resolved history and the console's day figures the same time to acknowledge", () => {
    const events = [
      ev('conflict.raised', 0, { conflictId: 'k1', agentId: 'op-1', summary: 'недоволен' }),
      ev('conflict.escalated', 30, { conflictId: 'k1' }),
      ev('conflict.acknowledged', 100, { conflictId: 'k1', actor: 'ivanova' }),
    ] as ConflictEvent[];
    const resolved = deriveConflict([...events, ev('conflict.resolved', 200, { conflictId: 'k1', resolution: 'ok', actor: 'ivanova' }) as ConflictEvent]);
    const history = JSON.parse(resolved.live['conflictsResolved|k1']!) as { timeToAcknowledgeMs: number };
    expect(history.timeToAcknowledgeMs).toBe(70_000);
    const open = JSON.parse(deriveConflict(events).live['conflicts|k1']!);
    const day = dailyFigures({ now: T0 + 300_000, resolved: [], sites: [{ site: 's', timeZone: 'Asia/Sakhalin', today: { conflictsRaised: 1 }, conflicts: [open] }] });
    expect(day.medianAckMs).toBe(history.timeToAcknowledgeMs);
  });
});
