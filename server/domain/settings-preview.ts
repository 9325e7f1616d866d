/**
 * The effect of an admin's draft of a site's settings, before it is saved: the site's state now
 * built twice from the same data, with the settings in effect and with the draft, and what differs
 * (a KPI's status or target, open or closed now, the local time). Pure: the reader builds both.
 */
import { DateTime } from 'luxon';
import type { Kpi, QueueKpis } from '../../shared/kpi.js';
import type { SitePreview, SitePreviewRow } from '../../shared/site-settings.js';
import type { SiteState } from '../../shared/snapshot.js';
import type { KpiId } from '../../shared/kpi-rules.js';

const judged = (k: Kpi) => ({ status: k.status, target: k.target, ...(k.targetMax !== undefined ? { targetMax: k.targetMax } : {}) });
const same = (a: Kpi, b: Kpi) => a.status === b.status && a.target === b.target && a.targetMax === b.targetMax;

function compare(before: QueueKpis, after: QueueKpis, queue: string | undefined, rows: SitePreviewRow[]): number {
  let unchanged = 0;
  for (const id of Object.keys(before) as KpiId[]) {
    const a = before[id];
    const b = after[id];
    if (!a || !b) continue;
    if (same(a, b)) unchanged++;
    else rows.push({ kpi: id, ...(queue !== undefined ? { queue } : {}), unit: b.unit, value: b.value, before: judged(a), after: judged(b) });
  }
  return unchanged;
}

const localTime = (ms: number, zone: string) => DateTime.fromMillis(ms, { zone }).toFormat('yyyy-MM-dd HH:mm');

export function settingsPreview(before: SiteState, after: SiteState, at: number): SitePreview {
  const changed: SitePreviewRow[] = [];
  let unchanged = compare(before.kpis, after.kpis, undefined, changed);
  const afterQueues = new Map(after.queues.map((q) => [q.queue, q]));
  for (const q of before.queues) {
    const b = afterQueues.get(q.queue);
    if (b) unchanged += compare(q.kpis, b.kpis, q.queue, changed);
  }
  return {
    site: before.site,
    at,
    changed,
    unchanged,
    hours: { before: before.hours, after: after.hours },
    localNow: { before: localTime(at, before.timeZone), after: localTime(at, after.timeZone) },
  };
}
