/**
 * The client's Pinia stores on their own (issue 15): the dashboard applies updates in sequence and
 * reports gaps, keeps newer data on a re-sync, keeps a site the server could not build; the connection
 * store says why data is stale; the escalations store alerts on news, not on what was open at start.
 */
import { createPinia, setActivePinia } from 'pinia';
import { nextTick } from 'vue';
import { beforeEach, describe, expect, it } from 'vitest';
import type { ObzorEvent } from '../../shared/events.js';
import type { SiteState, Snapshot } from '../../shared/snapshot.js';
import { deriveEntity, entityOf } from '../../server/domain/entities.js';
import { buildSiteState } from '../../server/domain/site-state.js';
import { SiteConfig } from '../../server/domain/sites.js';
import type { SnapshotTable } from '../../server/domain/derived.js';
import { useDashboardStore } from '../../client/src/stores/dashboard.js';
import { useConnectionStore } from '../../client/src/stores/connection.js';
import { useEscalationsStore } from '../../client/src/stores/escalations.js';
import { ev } from '../helpers/event-factory.js';
import { diffObject } from '../../shared/site-patch.js';

const SITE = SiteConfig.parse({ id: 'okha', name: { ru: 'Оха', en: 'Okha' } });
const NOW = Date.parse('2026-11-18T10:00:00+11:00');

/** a real site state, folded by the server's own domain from these events */
function stateOf(events: ObzorEvent[], seq: number, site = SITE): SiteState {
  const live: Record<SnapshotTable, Record<string, string>> = { calls: {}, agents: {}, callbacks: {}, appeals: {}, conflicts: {}, lostCalls: {}, callers: {} };
  const byEntity = new Map<string, ObzorEvent[]>();
  for (const e of events) {
    const { kind, id } = entityOf(e);
    byEntity.set(`${kind}\u0000${id}`, [...(byEntity.get(`${kind}\u0000${id}`) ?? []), e]);
  }
  for (const [key, list] of byEntity) {
    const derived = deriveEntity(key.split('\u0000')[0] as never, list, site);
    for (const [k, v] of Object.entries(derived.live)) {
      const [table, field] = [k.slice(0, k.indexOf('|')), k.slice(k.indexOf('|') + 1)];
      if (table in live) live[table as SnapshotTable][field] = v;
    }
  }
  return buildSiteState(site, { seq, live, todayCounters: [], now: NOW });
}

const snapshot = (sites: SiteState[], extra: Partial<Snapshot> = {}): Snapshot => ({ serverTime: NOW, sites, ...extra });
const update = (state: SiteState) => ({ site: state.site, seq: state.seq, serverTime: NOW, state });
const o = { base: NOW - 60_000, site: 'okha' };

beforeEach(() => setActivePinia(createPinia()));

describe('dashboard store', () => {
  const call = (callId: string) => ev('call.queued', 0, { callId, queue: 'hotline', line: 'hotline' }, o);
  const patchOf = (from: SiteState, to: SiteState) => ({ site: to.site, seq: to.seq, serverTime: NOW, patch: diffObject(from, to) ?? {} });

  it('applies a patch on top of the update before it, and the state is the server\'s', () => {
    const d = useDashboardStore();
    const [s1, s2, s3] = [stateOf([], 1), stateOf([call('c1')], 2), stateOf([call('c1'), call('c2')], 3)];
    d.applySnapshot(snapshot([s1]));
    expect(d.applyUpdate(patchOf(s1, s2))).toBe('applied');
    expect(d.applyUpdate(patchOf(s2, s3))).toBe('applied');
    expect(d.sitesById.okha).toEqual(s3);
  });

  it('keeps a patch that has no base for the re-sync, and applies those after its snapshot', () => {
    const d = useDashboardStore();
    const states = [stateOf([], 1), stateOf([call('c1')], 2), stateOf([call('c1'), call('c2')], 3), stateOf([call('c1'), call('c2'), call('c3')], 4)];
    d.applySnapshot(snapshot([states[0]!]));
    // update 2 was lost: 3 and 4 come as patches with nothing to apply them to
    expect(d.applyUpdate(patchOf(states[1]!, states[2]!))).toBe('gap');
    expect(d.applyUpdate(patchOf(states[2]!, states[3]!))).toBe('gap');
    expect(d.sitesById.okha).toEqual(states[0]);
    expect(d.seqOf('okha')).toBe(1);
    // the re-sync's snapshot was read at update 3: update 4 (already here) follows on from it
    d.applySnapshot(snapshot([states[2]!]), { keepNewer: true });
    expect(d.seqOf('okha')).toBe(4);
    expect(d.sitesById.okha).toEqual(states[3]);
  });

  it('treats a patch it cannot read as a gap and changes nothing', () => {
    const d = useDashboardStore();
    const s1 = stateOf([], 1);
    d.applySnapshot(snapshot([s1]));
    expect(d.applyUpdate({ site: 'okha', seq: 2, serverTime: NOW, patch: { lists: { calls: { add: 42 as never } } } })).toBe('gap');
    expect(d.sitesById.okha).toBe(s1);
    expect(d.seqOf('okha')).toBe(1);
  });

  it('applies updates in sequence and reports a gap', () => {
    const d = useDashboardStore();
    d.applySnapshot(snapshot([stateOf([], 5)]));
    expect(d.applyUpdate(update(stateOf([], 6)))).toBe('applied');
    expect(d.applyUpdate(update(stateOf([], 8)))).toBe('gap');
    expect(d.seqOf('okha')).toBe(8);
  });

  it('keeps a newer site on a re-sync snapshot read before the update', () => {
    const d = useDashboardStore();
    d.applySnapshot(snapshot([stateOf([], 1)]));
    const newer = stateOf([ev('call.queued', 0, { callId: 'c1', queue: 'hotline', line: 'hotline' }, o)], 2);
    d.applyUpdate(update(newer));
    d.applySnapshot(snapshot([stateOf([], 1)]), { keepNewer: true });
    expect(d.sitesById.okha!.calls.map((c) => c.callId)).toEqual(['c1']);
    d.applySnapshot(snapshot([stateOf([], 1)]));
    expect(d.sitesById.okha!.calls).toEqual([]);
  });

  it('keeps what it has of a site the server could not build now, in its place', () => {
    const d = useDashboardStore();
    const kholmsk = SiteConfig.parse({ id: 'kholmsk', name: { ru: 'Холмск', en: 'Kholmsk' } });
    d.applySnapshot(snapshot([stateOf([], 3, kholmsk), stateOf([], 3)]));
    d.applySnapshot(snapshot([stateOf([], 4)], { unavailableSites: ['kholmsk'] }));
    expect(d.siteOrder).toEqual(['kholmsk', 'okha']);
    expect(d.sitesById.kholmsk!.seq).toBe(3);
  });
});

describe('connection store', () => {
  it('says why data is stale, offline first, and dates a stalled site by its last data', () => {
    const c = useConnectionStore();
    c.markLive();
    c.noteData(NOW, NOW);
    expect(c.staleReason).toBeNull();
    c.markStalled(['okha'], NOW - 40_000);
    expect(c.staleReason).toBe('noUpdates');
    expect(c.asOf).toBe(NOW - 40_000);
    c.markOffline(NOW);
    expect(c.staleReason).toBe('offline');
    c.markLive();
    c.markStalled([], null);
    expect(c.staleReason).toBeNull();
  });
});

describe('escalations store', () => {
  it('does not alert on what was open when the console opened; alerts on a new escalation; its alert ends when acknowledged', async () => {
    const d = useDashboardStore();
    const esc = useEscalationsStore();
    // the console judges overdue by the clock: these escalations are a minute old
    const o = { base: Date.now() - 60_000, site: 'okha' };
    const old = [ev('conflict.raised', 0, { conflictId: 'old', agentId: 'op-1', summary: 'A' }, o), ev('conflict.escalated', 1, { conflictId: 'old' }, o)];
    d.applySnapshot(snapshot([stateOf(old, 1)]));
    await nextTick();
    expect(esc.alerts).toEqual([]);
    const fresh = [ev('conflict.raised', 2, { conflictId: 'new', agentId: 'op-2', summary: 'B' }, o), ev('conflict.escalated', 3, { conflictId: 'new' }, o)];
    d.applyUpdate(update(stateOf([...old, ...fresh], 2)));
    await nextTick();
    expect(esc.alerts.map((a) => [a.key, a.kind])).toEqual([['okha/new', 'new']]);
    const acked = ev('conflict.acknowledged', 4, { conflictId: 'new', actor: 'manager' }, o);
    d.applyUpdate(update(stateOf([...old, ...fresh, acked], 3)));
    await nextTick();
    expect(esc.alerts).toEqual([]);
    expect(esc.reassignable('boss')).toEqual(['boss', 'manager']);
  });
});
