/** Issue 20: a display's screens on /admin — a short name, and an older build marked for a reload. */
import { describe, expect, it } from 'vitest';
import { runsOlderBuild, shortScreenId } from '../../client/src/domain/display-screens.js';

describe("a display's screens", () => {
  it('are named by the start of their random id', () => {
    expect(shortScreenId('3f9a2c71d0e84b56a1c2d3e4f5a6b7c8')).toBe('3f9a2c');
  });

  it('run an older build only when both builds are known and differ', () => {
    expect(runsOlderBuild({ version: '0.1.0+20261201.2013' }, '0.1.0+20261202.0900')).toBe(true);
    expect(runsOlderBuild({ version: '0.1.0+20261202.0900' }, '0.1.0+20261202.0900')).toBe(false);
    expect(runsOlderBuild({}, '0.1.0+20261202.0900')).toBe(false);
    expect(runsOlderBuild({ version: '0.1.0+20261201.2013' }, undefined)).toBe(false);
  });
});
