/**
 * Scripted loads for the wall at real size (issue 14): a real centre's sites, queues with long
 * names, operators, escalations and a five-digit day, as contract events posted through the API.
 * Times are "now"-relative and today's calls fall inside the site's current local day.
 */
import type { ObzorEvent } from '../../shared/events.js';
import { SiteConfig } from '../../server/domain/sites.js';

export const SAKHALIN_SITES: SiteConfig[] = [
  ['yuzhno-sakhalinsk', 'Южно-Сахалинск', 'Yuzhno-Sakhalinsk', '24/7'],
  ['kholmsk', 'Холмск', 'Kholmsk'],
  ['korsakov', 'Корсаков', 'Korsakov'],
  ['nevelsk', 'Невельск', 'Nevelsk'],
  ['okha', 'Оха', 'Okha'],
  ['poronaysk', 'Поронайск', 'Poronaysk'],
  ['aleksandrovsk', 'Александровск-Сахалинский', 'Aleksandrovsk-Sakhalinsky'],
  ['kurilsk', 'Курильск', 'Kurilsk'],
  ['uglegorsk', 'Углегорск', 'Uglegorsk'],
].map(([id, ru, en, hotline]) =>
  SiteConfig.parse({
    id,
    name: { ru, en },
    hours: '24/7',
    ...(hotline ? { hotlineHours: hotline } : {}),
    // a site that names its queues in the sites file
    ...(id === 'kurilsk' ? { queueNames: { hotline: { ru: 'Аварийная линия', en: 'Emergency line' } } } : {}),
  }),
);

/** long queue ids as a PBX names them (shown as they are: no built-in translation) */
export const LONG_QUEUES = [
  'hotline',
  'individuals-billing-and-meter-readings',
  'legal-entities-technological-connection',
  'outage-reports-southern-district',
  'outage-reports-northern-district',
  'payment-questions-and-debts',
  'new-connections-private-houses',
  'meter-replacement-and-sealing',
  'complaints-and-quality-of-service',
  'street-lighting-municipal',
  'english-speaking-callers',
  'callback-requests-answering-machine',
];

let n = 0;
const id = (p: string) => `wl-${process.pid}-${p}-${++n}`;
const iso = (ms: number) => new Date(ms).toISOString();

export interface LoadPlan {
  sites: readonly string[];
  /** queues per site: site → queue ids */
  queues: Record<string, readonly string[]>;
  /** callers waiting now per (site, queue), with how long the longest has waited (s) */
  waiting: { site: string; queue: string; callers: number; longestSec: number }[];
  /** calls ringing now past the ring limit (s of ringing), per site */
  ringing: { site: string; queue: string; sec: number }[];
  /** calls answered today at the first site (a five-digit day) */
  callsToday: number;
  operators: number;
  /** raised conflicts, escalated unless `raisedOnly` (accepting one is a manager's act in the console, not an event a feed posts) */
  escalations: { site: string; ageSec: number; severity?: 'high'; raisedOnly?: boolean }[];
  /** where "today" starts at the sites (their local midnight, ms) */
  dayStart: number;
  now: number;
}

export function loadEvents(p: LoadPlan): ObzorEvent[] {
  const out: ObzorEvent[] = [];
  const push = (e: Record<string, unknown>) => out.push(e as unknown as ObzorEvent);
  // today's calls at the first site, spread over the day so far (the last minute left free)
  const span = Math.max(1, p.now - p.dayStart - 60_000);
  const site0 = p.sites[0]!;
  for (let i = 0; i < p.callsToday; i++) {
    const t = p.dayStart + Math.floor((span * i) / p.callsToday);
    const callId = id('d');
    const queue = p.queues[site0]![i % p.queues[site0]!.length]!;
    push({ id: id('e'), type: 'call.queued', at: iso(t), site: site0, callId, queue, line: 'hotline' });
    if (i % 23 === 0) {
      push({ id: id('e'), type: 'call.abandoned', at: iso(t + 30_000), site: site0, callId });
      continue;
    }
    push({ id: id('e'), type: 'call.answered', at: iso(t + 8_000), site: site0, callId, agentId: 'op-001' });
    push({ id: id('e'), type: 'call.ended', at: iso(t + 40_000), site: site0, callId });
  }
  for (const w of p.waiting) {
    for (let k = 0; k < w.callers; k++) {
      const since = p.now - (w.longestSec * 1000 * (w.callers - k)) / w.callers;
      push({ id: id('e'), type: 'call.queued', at: iso(since), site: w.site, callId: id('w'), queue: w.queue, line: 'hotline' });
    }
  }
  for (const r of p.ringing) {
    const callId = id('r');
    push({ id: id('e'), type: 'call.queued', at: iso(p.now - r.sec * 1000 - 5_000), site: r.site, callId, queue: r.queue, line: 'hotline' });
    push({ id: id('e'), type: 'call.offered', at: iso(p.now - r.sec * 1000), site: r.site, callId, agentId: id('ra').replace(/-/g, '') });
  }
  const states = ['available', 'on_call', 'on_call', 'wrap_up', 'paused', 'available', 'on_call'] as const;
  for (let k = 0; k < p.operators; k++) {
    const site = p.sites[k % p.sites.length]!;
    push({ id: id('e'), type: 'agent.state', at: iso(p.now - 60_000 - k * 100), site, agentId: `op-${String(k + 1).padStart(3, '0')}`, state: states[k % states.length] });
  }
  for (const e of p.escalations) {
    const conflictId = id('c');
    const raised = p.now - e.ageSec * 1000;
    push({ id: id('e'), type: 'conflict.raised', at: iso(raised), site: e.site, conflictId, agentId: 'op-002', summary: 'Клиент требует руководителя', ...(e.severity ? { severity: e.severity } : {}) });
    if (!e.raisedOnly) push({ id: id('e'), type: 'conflict.escalated', at: iso(raised + 1_000), site: e.site, conflictId });
  }
  return out;
}

/** Posts events in batches of at most `batch` (the contract's limit is 1,000). */
export async function postAll(post: (body: unknown) => Promise<{ status: number; json: any }>, events: readonly ObzorEvent[], batch = 1000): Promise<void> {
  for (let i = 0; i < events.length; i += batch) {
    const r = await post(events.slice(i, i + batch));
    if (r.status !== 200) throw new Error(`ingest answered ${r.status}: ${JSON.stringify(r.json).slice(0, 300)}`);
    const bad = (r.json.results as { status: string; error?: string }[]).filter((x) => x.status !== 'accepted' && x.status !== 'duplicate');
    if (bad.length) throw new Error(`events refused: ${JSON.stringify(bad.slice(0, 3))}`);
  }
}
