/**
 * Issue 20, item 4: logs people can read. Pretty lines at a terminal, JSON otherwise; a start-up
 * banner with the wall, Redis and whether it keeps its data, the sites and the feeds; rejected
 * events at info with source and reason, at most so many a minute per source.
 */
import { pino } from 'pino';
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { logFormat } from '../../server/logger.js';
import { RejectionLog } from '../../server/observability/rejection-log.js';
import { startupBanner } from '../../server/observability/startup-banner.js';

describe('logs and the start-up banner', () => {
  it('are pretty at a terminal and JSON otherwise, unless LOG_FORMAT says', () => {
    expect(logFormat('auto', true)).toBe('pretty');
    expect(logFormat('auto', false)).toBe('json');
    expect(logFormat('json', true)).toBe('json');
    expect(logFormat('pretty', false)).toBe('pretty');
  });

  it('the banner says where the wall is, which Redis and whether it keeps data, the sites and the feeds', () => {
    const demo = startupBanner({
      url: 'http://localhost:3000',
      demoWallUrl: 'http://localhost:3000/wall#token=abc',
      redis: 'private redis-server on 127.0.0.1:40123 (pid 7, data data/redis)',
      persistence: 'aof',
      sites: [{ id: 'kholmsk', name: 'Холмск', timeZone: 'Asia/Sakhalin' }],
      feeds: [],
      demo: true,
    });
    expect(demo).toContain('Obzor is up: http://localhost:3000');
    expect(demo).toContain('wall:   http://localhost:3000/wall#token=abc');
    expect(demo).toContain('keeps its data (AOF)');
    expect(demo).toContain('kholmsk (Холмск, Asia/Sakhalin)');
    expect(demo).toContain('demo traffic');
    const bare = startupBanner({
      url: 'http://localhost:3000',
      redis: 'redis://127.0.0.1:6379',
      persistence: 'none',
      sites: [],
      feeds: [{ type: 'ami', name: 'pbx-1', host: '10.0.0.5', port: 5038, username: 'obzor', secretEnv: 'AMI_SECRET', site: 'kholmsk' }],
      demo: false,
    });
    expect(bare).toContain('make a kiosk URL: npm run obzor -- display:add');
    expect(bare).toContain('KEEPS NOTHING on disk');
    expect(bare).toContain('pbx-1: Asterisk AMI 10.0.0.5:5038 → kholmsk');
  });

  it('logs rejected events with source and reason, at most 20 a minute per source, then how many more', () => {
    const lines: Record<string, unknown>[] = [];
    const sink = new Writable({ write: (chunk: Buffer, _enc, done) => (lines.push(JSON.parse(chunk.toString())), done()) });
    let now = 0;
    const log = new RejectionLog(pino({ level: 'info' }, sink), 20, () => now);
    for (let i = 0; i < 25; i++) log.rejected('pbx-1', `e${i}`, 'at: expected an ISO time, got string "yesterday"');
    log.rejected('crm', 'x', 'site: unknown site atlantis');
    now = 60_000;
    log.rejected('pbx-1', 'e25', 'again');
    const of = (source: string) => lines.filter((l) => l.source === source);
    expect(of('pbx-1').filter((l) => l.msg === 'event rejected')).toHaveLength(21);
    expect(of('pbx-1')[0]).toMatchObject({ level: 30, id: 'e0', reason: 'at: expected an ISO time, got string "yesterday"' });
    expect(of('pbx-1').find((l) => l.suppressed)).toMatchObject({ suppressed: 5 });
    expect(of('crm')).toHaveLength(1);
  });
});
