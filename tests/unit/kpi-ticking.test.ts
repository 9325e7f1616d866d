/**
 * The KPI status rule is one (shared/kpi-rules.ts). The server judges every KPI of a snapshot
 * with it; a wall draws those statuses, and for what moves with the clock between updates (a
 * wait, a ring, a deadline) it judges the value it ticks on with the same rule and the KPI's own
 * thresholds — so a snapshot ticked on to a later moment shows what the server's snapshot of
 * that moment says, a site's overrides included.
 */
import { describe, expect, it } from 'vitest';
import { queueCounterField } from '../../shared/counters.js';
import type { Kpi } from '../../shared/kpi.js';
import { kpiAt, kpiStatus } from '../../shared/kpi-rules.js';
import type { SiteState } from '../../shared/snapshot.js';
import { centreKpis } from '../../server/domain/kpi/kpi-formulas.js';
import { buildSiteState } from '../../server/domain/site-state.js';
import { SiteConfig } from '../../server/domain/sites.js';
import { bucketCallbacks } from '../../client/src/domain/callback-buckets.js';
import { lateRings } from '../../client/src/domain/ring-status.js';
import { longestWaitMs } from '../../client/src/domain/site-totals.js';
import { kpiOfSites } from '../../client/src/domain/sites-kpi.js';
import { T0 } from '../helpers/event-factory.js';

const name = { ru: 'Площадка', en: 'Site' };
const strict = SiteConfig.parse({
  id: 'strict',
  name,
  thresholds: { longestWait: { warnAbove: 10, alertAbove: 30 }, ringingPast3Now: { warnAbove: 0, alertAbove: 1 }, callbacksOverdue: { alertAbove: null, warnAbove: 0 } },
});
const standard = SiteConfig.parse({ id: 'standard', name });

/** a site with a caller waiting since T0, another ringing since T0 + 2 s, and a callback due at T0 + 30 s, at `now` */
function state(site: SiteConfig, now: number): SiteState {
  const live = {
    calls: {
      w: JSON.stringify({ callId: 'w', queue: 'hotline', state: 'waiting', since: T0 }),
      r: JSON.stringify({ callId: 'r', queue: 'hotline', state: 'ringing', since: T0, ringStart: T0 + 2000, agentId: 'op-1' }),
    },
    agents: {},
    callbacks: { 'call:c': JSON.stringify({ ref: 'call:c', kind: 'call', dueAt: T0 + 30_000, queue: 'hotline' }) },
    appeals: {},
    conflicts: {},
  };
  return buildSiteState(site, { seq: 1, live, todayCounters: [{ [queueCounterField('hotline', 'answered')]: '4', [queueCounterField('hotline', 'answeredIn3Rings')]: String(site === strict ? 2 : 4) }], now });
}

const judged = (k: Kpi | undefined) => k && { value: k.value, status: k.status };

describe('a snapshot ticked on agrees with the server at that moment', () => {
  it.each([strict, standard])("longest wait, rings past the limit and overdue callbacks at $id, by the site's thresholds", (site) => {
    const snapshot = state(site, T0 + 1000);
    for (const sec of [5, 11, 16, 18, 31, 45, 90]) {
      const at = T0 + sec * 1000;
      const server = state(site, at);
      const queue = snapshot.queues.find((q) => q.queue === 'hotline')!;
      // the wall's queue row: the queue's longest-wait KPI, its value ticked on
      expect(judged(kpiAt(queue.kpis.longestWait!, longestWaitMs(queue, at)! / 1000)), `wait at ${sec} s`).toEqual(judged(server.queues[0]!.kpis.longestWait));
      // the rings tile: the count of late rings now, judged by the site's "ringing past 3 now"
      expect(judged(kpiAt(snapshot.kpis.ringingPast3Now, lateRings([snapshot], at).length)), `rings at ${sec} s`).toEqual(judged(server.kpis.ringingPast3Now));
      // the callbacks tile: the overdue count now, judged by the site's "callbacks overdue"
      expect(judged(kpiAt(snapshot.kpis.callbacksOverdue, bucketCallbacks(snapshot.callbacks, at, site.timeZone).overdue)), `callbacks at ${sec} s`).toEqual(judged(server.kpis.callbacksOverdue));
    }
  });

  it("judges one site's KPI by its own limits and several sites' by the centre's, as the server's centre", () => {
    const at = T0 + 20_000;
    const [a, b] = [state(strict, at), state(standard, at)];
    const centre = centreKpis([a, b]);
    expect(kpiOfSites('longestWait', [a.kpis.longestWait])).toEqual(a.kpis.longestWait);
    expect(a.kpis.longestWait.status).toBe('warn');
    expect(b.kpis.longestWait.status).toBe('ok');
    for (const id of ['answeredIn3Rings', 'longestWait', 'ringingPast3Now', 'callbacksOverdue'] as const) {
      expect(kpiOfSites(id, [a.kpis[id], b.kpis[id]], centre), id).toEqual(centre[id]);
    }
    // the rule itself: no value is nothing to judge yet
    expect(kpiStatus(null, { alertAbove: 0 })).toBe('ok');
  });
});
