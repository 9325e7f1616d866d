/**
 * Issue 17, item 6: the centre's figures on GET /metrics for a Grafana — per site and queue, from
 * the same state the screens get; the last complete 15 minutes' service level and ASA as the test
 * computes them; labels bounded whatever queue names the feed invents.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BUCKET_MS, bucketOf } from '../../shared/buckets.js';
import { QUEUES_PER_SITE } from '../../server/observability/business-metrics.js';
import { ev, T0 } from '../helpers/event-factory.js';
import { startTestApp, type Session, type TestApp } from '../helpers/start-app.js';

// a fixed moment 5 minutes into a 15-minute interval, so "the last complete 15 minutes" is known
const NOW = bucketOf(T0 + 3 * 3_600_000) + 5 * 60_000;
const LAST = bucketOf(NOW) - BUCKET_MS;
let app: TestApp;
let admin: Session;

const line = (text: string, metric: string, labels: string) => {
  const m = text.match(new RegExp(`^${metric}\\{${labels.replace(/[{}]/g, '\\$&')}\\} (\\S+)$`, 'm'));
  return m ? Number(m[1]) : undefined;
};

beforeAll(async () => {
  app = await startTestApp({ clock: () => NOW });
  admin = await app.login('admin');
  const o = (base: number) => ({ base });
  const events = [
    // the last complete interval: two answered after 10 s, one after 30 s (service level 20 s: 2 of 3)
    ev('call.queued', 60, { callId: 'm-1', queue: 'hotline', line: 'hotline' }, o(LAST)),
    ev('call.answered', 70, { callId: 'm-1', agentId: 'op-1' }, o(LAST)),
    ev('call.queued', 120, { callId: 'm-2', queue: 'hotline', line: 'hotline' }, o(LAST)),
    ev('call.answered', 130, { callId: 'm-2', agentId: 'op-1' }, o(LAST)),
    ev('call.queued', 180, { callId: 'm-3', queue: 'hotline', line: 'hotline' }, o(LAST)),
    ev('call.answered', 210, { callId: 'm-3', agentId: 'op-2' }, o(LAST)),
    // now: one caller waiting for two minutes, an escalation nobody accepted
    ev('call.queued', -120, { callId: 'm-w', queue: 'hotline', line: 'hotline' }, o(NOW)),
    ev('conflict.raised', -60, { conflictId: 'm-c', agentId: 'op-1', summary: 'Требует руководителя' }, o(NOW)),
    ev('conflict.escalated', -50, { conflictId: 'm-c' }, o(NOW)),
    // a feed inventing queue names: more than the metrics name
    ...Array.from({ length: QUEUES_PER_SITE + 5 }, (_, i) => ev('call.queued', -30, { callId: `m-q${i}`, queue: `q-${i}`, line: 'direct' }, o(NOW))),
  ];
  const res = await app.post(events);
  expect(res.json.results.filter((r: { status: string }) => r.status !== 'accepted')).toEqual([]);
});
afterAll(async () => {
  await app?.close();
});

describe('business metrics', () => {
  it('give each queue’s waiting callers, longest wait and last 15 minutes, and each site’s escalations', async () => {
    const text = await (await admin.fetch('/metrics')).text();
    const site = 'site="yuzhno-sakhalinsk",queue="hotline"';
    expect(line(text, 'obzor_queue_waiting_calls', site)).toBe(1);
    expect(line(text, 'obzor_queue_longest_wait_seconds', site)).toBe(120);
    expect(line(text, 'obzor_queue_service_level_ratio', site)).toBeCloseTo(2 / 3, 9);
    expect(line(text, 'obzor_queue_asa_seconds', site)).toBeCloseTo((10 + 10 + 30) / 3, 9);
    expect(line(text, 'obzor_site_escalations_open', 'site="yuzhno-sakhalinsk"')).toBe(1);
    expect(line(text, 'obzor_site_escalations_unaccepted', 'site="yuzhno-sakhalinsk"')).toBe(1);
    expect(line(text, 'obzor_site_incidents_open', 'site="kholmsk"')).toBe(0);
  });

  it('name at most QUEUES_PER_SITE queues a site, the rest as "other"', async () => {
    const text = await (await admin.fetch('/metrics')).text();
    const labels = [...text.matchAll(/^obzor_queue_waiting_calls\{site="yuzhno-sakhalinsk",queue="([^"]+)"\}/gm)].map((m) => m[1]);
    expect(labels).toHaveLength(QUEUES_PER_SITE + 1);
    expect(labels).toContain('hotline');
    expect(labels).toContain('other');
    const all = [...text.matchAll(/^obzor_queue_waiting_calls\{site="yuzhno-sakhalinsk",queue="[^"]+"\} (\d+)/gm)].reduce((n, m) => n + Number(m[1]), 0);
    expect(all).toBe(1 + QUEUES_PER_SITE + 5);
    // a wall cannot read them
    expect((await app.wallFetch('/metrics')).status).toBe(403);
  });
});
