/**
 * Issue 19: what a room is sent. A patch on top of the update before it; the whole state when the
 * room cannot have that one (first update here, a skipped seq), every so many updates and every
 * so many seconds (a screen on a wrong base is set right), and when a patch would not be much
 * smaller. A patch applied to the previous view gives the new one.
 */
import { describe, expect, it } from 'vitest';
import type { SiteState } from '../../shared/snapshot.js';
import { applyObject } from '../../shared/site-patch.js';
import { UpdateEncoder } from '../../server/realtime/update-encoder.js';

/** a site state big enough that one more call is a small change (the encoder only reads it as JSON) */
const view = (seq: number, calls: number): SiteState =>
  ({
    site: 'okha',
    seq,
    name: { ru: 'Оха', en: 'Okha' },
    calls: Array.from({ length: calls }, (_, i) => ({ callId: `c${i}`, queue: 'hotline', state: 'waiting', since: 1_000 + i })),
    agents: Array.from({ length: 40 }, (_, i) => ({ agentId: `op-${i}`, state: 'available', since: 500 })),
  }) as unknown as SiteState;

describe('the update encoder', () => {
  it('sends a patch on top of the last update, and the whole state when the room cannot have it', () => {
    const now = 0;
    const enc = new UpdateEncoder(() => now);
    const first = enc.encode('r', view(1, 3), 1, now);
    expect(first.update.state).toBeDefined();
    const second = enc.encode('r', view(2, 4), 2, now);
    expect(second.update.patch).toBeDefined();
    expect(applyObject(view(1, 3), second.update.patch!)).toEqual(view(2, 4));
    expect(second.body.length).toBeLessThan(first.body.length / 4);
    // seq 3 went out from another node: 4 cannot be a patch on top of 2
    expect(enc.encode('r', view(4, 5), 4, now).update.state).toBeDefined();
    // each room on its own
    expect(enc.encode('other', view(5, 5), 5, now).update.state).toBeDefined();
  });

  it('sends the whole state every so many updates and every so many seconds', () => {
    let now = 0;
    const enc = new UpdateEncoder(() => now, 3, 30_000);
    const kinds = [1, 2, 3, 4, 5, 6].map((seq) => (enc.encode('r', view(seq, seq), seq, now).update.state ? 'full' : 'patch'));
    expect(kinds).toEqual(['full', 'patch', 'patch', 'full', 'patch', 'patch']);
    const slow = new UpdateEncoder(() => now, 100, 30_000);
    slow.encode('r', view(1, 1), 1, now);
    now += 29_999;
    expect(slow.encode('r', view(2, 2), 2, now).update.patch).toBeDefined();
    now += 1;
    expect(slow.encode('r', view(3, 3), 3, now).update.state).toBeDefined();
  });

  it('sends the whole state when a patch would not be much smaller', () => {
    const enc = new UpdateEncoder(() => 0);
    enc.encode('r', view(1, 1), 1, 0);
    // everything changed: 40 new agents, 60 new calls
    const changed = { ...view(2, 60), agents: view(2, 60).agents.map((a) => ({ ...a, state: 'on_call' })) } as SiteState;
    expect(enc.encode('r', changed, 2, 0).update.state).toBeDefined();
  });
});
