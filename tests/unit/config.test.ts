import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../server/config.js';

const dir = mkdtempSync(join(tmpdir(), 'obzor-config-'));
const file = (name: string, content: unknown) => {
  const p = join(dir, name);
  writeFileSync(p, typeof content === 'string' ? content : JSON.stringify(content));
  return p;
};

describe('configuration', () => {
  it('has working defaults: port 3000, local Redis, prefix obzor:, the central office, demo on', () => {
    const c = loadConfig({});
    expect(c).toMatchObject({ port: 3000, redisUrl: 'redis://127.0.0.1:6379', keyPrefix: 'obzor:', demo: true });
    expect(c.sites.map((s) => [s.id, s.timeZone])).toEqual([['yuzhno-sakhalinsk', 'Asia/Sakhalin']]);
    expect(Object.isFrozen(c)).toBe(true);
  });

  it.each([
    [{ PORT: 'eighty' }, /PORT: /],
    [{ REDIS_URL: 'localhost:6379' }, /REDIS_URL: a redis:\/\/ or rediss:\/\/ URL/],
    [{ OBZOR_DEMO: 'maybe' }, /OBZOR_DEMO: /],
    [{ OBZOR_KEY_PREFIX: 'has space' }, /OBZOR_KEY_PREFIX: /],
    [{ OBZOR_INGEST_KEYS: 'pbx=short' }, /OBZOR_INGEST_KEYS: the secret of "pbx" must be at least 24 characters/],
    [{ OBZOR_ADMIN_LOGIN: 'boss' }, /OBZOR_ADMIN_LOGIN and OBZOR_ADMIN_PASSWORD: set both or neither/],
    [{ OBZOR_DEDUPE_DAYS: '3' }, /OBZOR_DEDUPE_DAYS: /],
    [{ REDIS_CLUSTER_NODES: '10.0.0.1' }, /REDIS_CLUSTER_NODES: host:port,host:port…/],
    [{ REDIS_CLUSTER_NODES: '10.0.0.1:99999' }, /REDIS_CLUSTER_NODES: expected ports 1–65535, got "10.0.0.1:99999"/],
    [{ REDIS_URL: 'redis://a:6379', REDIS_CLUSTER_NODES: 'b:6379' }, /REDIS_URL and REDIS_CLUSTER_NODES: set one of them, not both/],
    [{ REDIS_SENTINELS: 'a:26379' }, /REDIS_SENTINELS and REDIS_SENTINEL_MASTER: set both or neither/],
    [{ REDIS_PASSWORD: 'secret' }, /REDIS_PASSWORD: only with REDIS_CLUSTER_NODES or REDIS_SENTINELS/],
    [{ OBZOR_ACK_REPLICAS: 'all' }, /OBZOR_ACK_REPLICAS: /],
  ])('stops on a wrong setting, naming it: %o', (env, message) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(message);
  });

  it('issue 18: a Cluster or a Sentinel set instead of REDIS_URL, acknowledged on a replica by default there', () => {
    expect(loadConfig({})).toMatchObject({ ackReplicas: 0, ackTimeoutMs: 1000 });
    expect(loadConfig({}).redisTopology).toBeUndefined();
    expect(loadConfig({ REDIS_CLUSTER_NODES: '10.0.0.1:7000,[fd00::2]:7001', REDIS_PASSWORD: 'pw' })).toMatchObject({
      redisTopology: { kind: 'cluster', nodes: [{ host: '10.0.0.1', port: 7000 }, { host: 'fd00::2', port: 7001 }], password: 'pw' },
      ackReplicas: 1,
    });
    expect(loadConfig({ REDIS_SENTINELS: 's1:26379,s2:26379', REDIS_SENTINEL_MASTER: 'obzor', OBZOR_ACK_REPLICAS: '0', OBZOR_ACK_TIMEOUT_MS: '250' })).toMatchObject({
      redisTopology: { kind: 'sentinel', sentinels: [{ host: 's1', port: 26379 }, { host: 's2', port: 26379 }], master: 'obzor' },
      ackReplicas: 0,
      ackTimeoutMs: 250,
    });
  });

  it('transport limits: defaults, and a wrong value names its variable', () => {
    expect(loadConfig({})).toMatchObject({ requestTimeoutMs: 30_000, connectionsPerAddress: 200, socketsPerPrincipal: 20, resyncMinIntervalMs: 1000 });
    expect(loadConfig({ OBZOR_CONNECTIONS_PER_ADDRESS: '0', OBZOR_REQUEST_TIMEOUT_SECONDS: '2.5' })).toMatchObject({ connectionsPerAddress: 0, requestTimeoutMs: 2500 });
    for (const [name, value] of [['OBZOR_SOCKETS_PER_PRINCIPAL', '0'], ['OBZOR_RESYNC_MIN_INTERVAL_MS', 'often'], ['OBZOR_REQUEST_TIMEOUT_SECONDS', '-1'], ['OBZOR_CONNECTIONS_PER_ADDRESS', '1.5']] as const) {
      expect(() => loadConfig({ [name]: value })).toThrow(new RegExp(`${name}: `));
    }
  });

  it('OBZOR_DEMO=off turns the demo off; a feeds file turns it off unless forced on', () => {
    expect(loadConfig({ OBZOR_DEMO: 'off' }).demo).toBe(false);
    const feeds = file('feeds.json', [{ type: 'queue_log', name: 'pbx', site: 'yuzhno-sakhalinsk', path: '/var/log/asterisk/queue_log' }]);
    expect(loadConfig({ OBZOR_FEEDS: feeds }).demo).toBe(false);
    expect(loadConfig({ OBZOR_FEEDS: feeds, OBZOR_DEMO: 'on' }).demo).toBe(true);
  });

  it('validates the sites file and the feeds file, naming the field', () => {
    expect(() => loadConfig({ OBZOR_SITES_FILE: file('sites-bad.json', [{ id: 'Bad Id', name: { ru: 'x', en: 'x' } }]) })).toThrow(/OBZOR_SITES_FILE .*0\.id: /);
    expect(() => loadConfig({ OBZOR_SITES_FILE: file('sites-tz.json', [{ id: 'a', name: { ru: 'x', en: 'x' }, timeZone: 'Mars/Olympus' }]) })).toThrow(/timeZone/);
    expect(() => loadConfig({ OBZOR_FEEDS: file('feeds-site.json', [{ type: 'queue_log', name: 'pbx', site: 'nowhere', path: '/x' }]) })).toThrow(/\[0\]\.site: expected one of yuzhno-sakhalinsk/);
    expect(() => loadConfig({ OBZOR_FEEDS: file('feeds-ami.json', [{ type: 'ami', name: 'ami', site: 'yuzhno-sakhalinsk', host: 'pbx', username: 'u', secretEnv: 'NO_SUCH_SECRET_VAR' }]) })).toThrow(/NO_SUCH_SECRET_VAR is not set/);
    expect(() => loadConfig({ OBZOR_FEEDS: file('feeds-type.json', [{ type: 'sip', name: 'x', site: 'yuzhno-sakhalinsk' }]) })).toThrow(/OBZOR_FEEDS/);
    expect(() => loadConfig({ OBZOR_FEEDS: file('feeds-json.json', '{oops') })).toThrow(/cannot read/);
  });

  it('parses provisioned display tokens with their sites', () => {
    const c = loadConfig({ OBZOR_DISPLAY_TOKENS: 'hall=abcdefghijklmnopqrstuvwxyz0123@yuzhno-sakhalinsk' });
    expect(c.displayTokens).toEqual([{ name: 'hall', token: 'abcdefghijklmnopqrstuvwxyz0123', sites: ['yuzhno-sakhalinsk'] }]);
    expect(() => loadConfig({ OBZOR_DISPLAY_TOKENS: 'hall=abcdefghijklmnopqrstuvwxyz0123@mars' })).toThrow(/unknown site\(s\) mars/);
  });
});
