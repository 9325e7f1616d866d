/**
 * The operator board's figures of today (issue 14, item 5) come from the counter table through
 * the exactly-once script: per operator, calls answered, rings let go and rings past the limit,
 * counted once however often a sender repeats its batch, and in any order.
 */
import { DateTime } from 'luxon';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ObzorEvent } from '../../shared/events.js';
import type { SiteState, Snapshot } from '../../shared/snapshot.js';
import { ev } from '../helpers/event-factory.js';
import { startTestApp, type TestApp } from '../helpers/start-app.js';

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(async () => {
  await app?.close();
});

const SITE = 'yuzhno-sakhalinsk';
const site = async (): Promise<SiteState> => ((await (await app.wallFetch('/api/v1/snapshot')).json()) as Snapshot).sites.find((s) => s.site === SITE)!;
const figures = (s: SiteState) => ({ today: s.agentsToday, past3: s.ringsPast3ByAgent });

// ten minutes ago, or the site's midnight if that is later: every event is of the site's today
const base = Math.max(Date.now() - 10 * 60_000, DateTime.now().setZone('Asia/Sakhalin').startOf('day').toMillis() + 1000);
const BATCH: ObzorEvent[] = [
  // op-1 answers on the 2nd ring
  ev('call.queued', 0, { callId: 'ab-1', queue: 'hotline', line: 'hotline' }, { base }),
  ev('call.offered', 1, { callId: 'ab-1', agentId: 'op-1' }, { base }),
  ev('call.answered', 8, { callId: 'ab-1', agentId: 'op-1' }, { base }),
  ev('call.ended', 200, { callId: 'ab-1', outcome: 'resolved' }, { base }),
  // op-2 lets it ring 20 s (past the limit, and missed), then op-1 answers
  ev('call.queued', 10, { callId: 'ab-2', queue: 'hotline', line: 'hotline' }, { base }),
  ev('call.offered', 11, { callId: 'ab-2', agentId: 'op-2' }, { base }),
  ev('call.ring_no_answer', 31, { callId: 'ab-2', agentId: 'op-2' }, { base }),
  ev('call.offered', 32, { callId: 'ab-2', agentId: 'op-1' }, { base }),
  ev('call.answered', 35, { callId: 'ab-2', agentId: 'op-1' }, { base }),
  // op-3 rings 5 s, the PBX moves the call to op-2 who answers
  ev('call.queued', 40, { callId: 'ab-3', queue: 'billing', line: 'direct' }, { base }),
  ev('call.offered', 41, { callId: 'ab-3', agentId: 'op-3' }, { base }),
  ev('call.offered', 46, { callId: 'ab-3', agentId: 'op-2' }, { base }),
  ev('call.answered', 48, { callId: 'ab-3', agentId: 'op-2' }, { base }),
  // the caller hangs up while op-3's phone rings: not op-3's miss
  ev('call.queued', 50, { callId: 'ab-4', queue: 'billing', line: 'direct' }, { base }),
  ev('call.offered', 51, { callId: 'ab-4', agentId: 'op-3' }, { base }),
  ev('call.abandoned', 54, { callId: 'ab-4' }, { base }),
  ev('agent.state', 60, { agentId: 'op-1', state: 'on_call', queues: ['hotline'] }, { base }),
];

const EXPECTED = {
  today: [
    { agentId: 'op-1', answered: 2, missed: 0 },
    { agentId: 'op-2', answered: 1, missed: 1 },
    { agentId: 'op-3', answered: 0, missed: 1 },
  ],
  past3: [{ agentId: 'op-2', count: 1 }],
};

describe('the operator board’s figures of today', () => {
  it('counts answered, missed and rings past the limit per operator, once for a batch posted twice', async () => {
    const first = await app.post(BATCH);
    expect(first.json.results.every((r: { status: string }) => r.status === 'accepted')).toBe(true);
    expect(figures(await site())).toEqual(EXPECTED);

    const again = await app.post(BATCH);
    expect(again.json.results.every((r: { status: string }) => r.status === 'duplicate')).toBe(true);
    expect(figures(await site())).toEqual(EXPECTED);

    // the same batch again, in reverse order: still once
    const reversed = await app.post([...BATCH].reverse());
    expect(reversed.json.results.every((r: { status: string }) => r.status === 'duplicate')).toBe(true);
    expect(figures(await site())).toEqual(EXPECTED);
  });

  it('gives the board the site’s after-call-work limit with the norms', async () => {
    expect((await site()).norms.wrapUpMaxSeconds).toBe(60);
  });
});
