/** Issue 14: a wall spanning time zones labels each site's clock; a wall's sound is its URL's setting. */
import { describe, expect, it } from 'vitest';
import { formatUtcOffset } from '../../client/src/format/clock.js';
import { wallSoundWanted } from '../../client/src/composables/useWallSound.js';

describe('a site clock on a wall spanning zones', () => {
  const at = Date.parse('2026-12-01T09:00:00Z');
  it('says its offset from UTC', () => {
    expect(formatUtcOffset(at, 'Asia/Sakhalin')).toBe('UTC+11');
    expect(formatUtcOffset(at, 'Asia/Vladivostok')).toBe('UTC+10');
    expect(formatUtcOffset(at, 'Asia/Kolkata')).toBe('UTC+5:30');
    expect(formatUtcOffset(at, 'UTC')).toBe('UTC');
  });
});

describe('the wall sound', () => {
  it('is on only when the kiosk URL asks for it', () => {
    expect(wallSoundWanted('?sound=on')).toBe(true);
    expect(wallSoundWanted('?sites=a&sound=ON')).toBe(true);
    expect(wallSoundWanted('')).toBe(false);
    expect(wallSoundWanted('?sound=off')).toBe(false);
  });
});
