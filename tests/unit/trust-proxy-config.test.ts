import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../server/config.js';

describe('OBZOR_TRUST_PROXY', () => {
  it('trusts no proxy by default', () => {
    expect(loadConfig({}).trustProxy).toBe(false);
    expect(loadConfig({ OBZOR_TRUST_PROXY: 'none' }).trustProxy).toBe(false);
    expect(loadConfig({ OBZOR_TRUST_PROXY: '0' }).trustProxy).toBe(false);
  });

  it('takes what Express takes: a hop count, or addresses, CIDRs and named ranges', () => {
    expect(loadConfig({ OBZOR_TRUST_PROXY: '2' }).trustProxy).toBe(2);
    expect(loadConfig({ OBZOR_TRUST_PROXY: 'loopback' }).trustProxy).toEqual(['loopback']);
    expect(loadConfig({ OBZOR_TRUST_PROXY: '10.0.0.5, 192.168.0.0/16,fd00::/8,10.1.0.0/255.255.0.0,uniquelocal' }).trustProxy).toEqual([
      '10.0.0.5',
      '192.168.0.0/16',
      'fd00::/8',
      '10.1.0.0/255.255.0.0',
      'uniquelocal',
    ]);
  });

  it.each(['true', 'everyone', '10.0.0.0/33', '300.1.1.1', 'loopback,nginx.local', '-1'])('stops start-up on %s, naming the variable', (value) => {
    expect(() => loadConfig({ OBZOR_TRUST_PROXY: value })).toThrow(ConfigError);
    expect(() => loadConfig({ OBZOR_TRUST_PROXY: value })).toThrow(/OBZOR_TRUST_PROXY: expected none, a hop count/);
  });
});
