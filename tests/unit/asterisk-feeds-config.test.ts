import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { FeedsConfigError, loadFeeds } from '../../server/feeds/feeds-config.js';
import { feedsOfSites, ringsVisible } from '../../client/src/domain/feed-scope.js';
import type { FeedStatus } from '../../shared/socket.js';

const dir = mkdtempSync(join(tmpdir(), 'obzor-feeds-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const file = (name: string, body: unknown) => {
  const p = join(dir, name);
  writeFileSync(p, JSON.stringify(body));
  return p;
};
const SITES = ['yuzhno-sakhalinsk', 'kholmsk'];
const ami = { type: 'ami', name: 'pbx-ami', site: 'kholmsk', host: '10.0.0.5', username: 'obzor', secretEnv: 'OBZOR_AMI_SECRET' };
const ql = { type: 'queue_log', name: 'pbx-ql', site: 'kholmsk', path: '/var/log/asterisk/queue_log' };

describe('OBZOR_FEEDS: one PBX, one live feed', () => {
  it('refuses an AMI feed and a queue_log follower of one PBX on one site, saying what to do instead', () => {
    const both = file('both.json', [ami, ql]);
    expect(() => loadFeeds(both, SITES, { OBZOR_AMI_SECRET: 'x' })).toThrow(FeedsConfigError);
    expect(() => loadFeeds(both, SITES, { OBZOR_AMI_SECRET: 'x' })).toThrow(
      /feeds "pbx-ami" \(ami\) and "pbx-ql" \(queue_log\) both feed site "kholmsk" from one PBX .*every call would be counted from two sources.*import the queue_log for a time the AMI feed missed, or give each PBX its own callIdPrefix/,
    );
  });

  it('takes two PBXs on one site told apart by callIdPrefix, and an import tool without the AMI secret', () => {
    const two = file('two.json', [ami, { ...ql, callIdPrefix: 'pbx2-' }]);
    expect(loadFeeds(two, SITES, { OBZOR_AMI_SECRET: 'x' }).map((f) => f.name)).toEqual(['pbx-ami', 'pbx-ql']);
    expect(() => loadFeeds(two, SITES, {})).toThrow(/OBZOR_AMI_SECRET is not set/);
    expect(loadFeeds(two, SITES, {}, { secrets: false })).toHaveLength(2);
  });
});

describe('feeds on a screen', () => {
  const f = (source: string, extra: Partial<FeedStatus>): FeedStatus => ({ source, lastEventAt: 1, silent: true, ...extra });
  const feeds = [f('pbx-a', { site: 'kholmsk', kind: 'queue_log', seesRings: false }), f('pbx-b', { site: 'yuzhno-sakhalinsk', kind: 'ami', seesRings: true }), f('crm', {})];

  it('a screen of one site lists (and alarms on) its own feeds and unbound senders only', () => {
    expect(feedsOfSites(feeds, ['kholmsk']).map((x) => x.source)).toEqual(['pbx-a', 'crm']);
    expect(feedsOfSites(feeds, ['kholmsk', 'yuzhno-sakhalinsk'])).toHaveLength(3);
    expect(feedsOfSites(feeds, [])).toHaveLength(3);
  });

  it('rings are not visible where the site is fed by a queue_log only', () => {
    expect(ringsVisible(feeds, ['kholmsk'])).toBe(false);
    expect(ringsVisible(feeds, ['yuzhno-sakhalinsk'])).toBe(true);
    expect(ringsVisible(feeds, ['kholmsk', 'yuzhno-sakhalinsk'])).toBe(true);
    // no Asterisk feed: whatever sends events may see rings
    expect(ringsVisible([f('crm', {})], ['kholmsk'])).toBe(true);
  });
});
