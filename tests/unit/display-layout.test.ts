/**
 * Issue 14, item 6: a display token carries its layout. The schema (the admin API and
 * `display:add` share it) names what is wrong; the flags read as the schema; the grid of a
 * display's own tiles leaves no cell empty and gives the queues the room below them.
 */
import { describe, expect, it } from 'vitest';
import { DisplayChange, DisplayLayout, NewDisplay } from '../../shared/display-layout-schema.js';
import { isBuiltInTiles, WALL_TILES, withQueueGroups, type WallTile } from '../../shared/display-layout.js';
import { formatIssues } from '../../shared/validation-error.js';
import { layoutFromFlags } from '../../server/cli/display-layout-flags.js';
import { BUILT_IN_GRID, wallGrid } from '../../client/src/domain/wall-grid.js';

const why = (input: unknown) => {
  const r = DisplayLayout.safeParse(input);
  return r.success ? 'ok' : formatIssues(r.error.issues, input, 'layout');
};

describe('a display layout', () => {
  it('takes every setting, and nothing (the built-in wall)', () => {
    const full = { tiles: ['queues', 'rings'], queues: ['hotline', 'billing'], rotateSeconds: 20, theme: 'light', textScale: 1.25, sound: true };
    expect(DisplayLayout.parse(full)).toEqual(full);
    expect(DisplayLayout.parse({})).toEqual({});
    expect(DisplayLayout.parse({ rotateSeconds: null })).toEqual({ rotateSeconds: null });
    expect(NewDisplay.parse({ name: 'Зал 1' })).toEqual({ name: 'Зал 1', sites: [], layout: {} });
  });

  it('says which field is wrong, what it expected and what came', () => {
    expect(why({ tiles: ['queues', 'weather'] })).toMatch(/^tiles\[1\]: expected "queues" \| .*, got string "weather"$/);
    expect(why({ tiles: ['queues', 'queues'] })).toBe('tiles: each tile once');
    expect(why({ tiles: [] })).toBe('tiles: expected at least 1 item, got 0 items');
    expect(why({ textScale: 0.8 })).toMatch(/^textScale: expected at least 1/);
    expect(why({ textScale: 2 })).toMatch(/^textScale: expected at most 1.6/);
    expect(why({ rotateSeconds: 2 })).toMatch(/^rotateSeconds: expected at least 5/);
    expect(why({ theme: 'pink' })).toMatch(/^theme: expected "dark" \| "light" \| "contrast", got string "pink"/);
    expect(why({ queues: ['bad id!'] })).toMatch(/^queues\[0\]: /);
    // a misspelt field would otherwise do nothing, silently
    expect(why({ textscale: 1.2 })).toBe('layout: unexpected field(s) textscale');
    expect(DisplayChange.safeParse({ layout: { tile: ['queues'] } }).success).toBe(false);
  });

  it('spells out the queue groups it names, from the sites file', () => {
    const groups: Record<string, string[]>[] = [{ billing: ['billing', 'billing-2', 'billing-legal'] }, { billing: ['billing-kh'], outages: ['outages'] }];
    expect(withQueueGroups({ queues: ['billing', 'hotline'] }, groups).queues).toEqual(['billing', 'billing-2', 'billing-legal', 'billing-kh', 'hotline']);
    expect(withQueueGroups({ queues: ['outages', 'outages'] }, groups).queues).toEqual(['outages']);
    expect(withQueueGroups({ theme: 'light' }, groups)).toEqual({ theme: 'light' });
  });

  it('knows the built-in set of tiles, in its order', () => {
    expect(isBuiltInTiles(undefined)).toBe(true);
    expect(isBuiltInTiles([...WALL_TILES])).toBe(true);
    expect(isBuiltInTiles([...WALL_TILES].reverse())).toBe(false);
    expect(isBuiltInTiles(['queues'])).toBe(false);
  });
});

describe('display:add layout flags', () => {
  it('read as the schema', () => {
    expect(layoutFromFlags({ tiles: 'queues, rings,conflicts', queues: 'hotline,billing', theme: 'contrast', 'text-scale': '1.3', sound: 'on', rotate: '30' })).toEqual({
      layout: { tiles: ['queues', 'rings', 'conflicts'], queues: ['hotline', 'billing'], theme: 'contrast', textScale: 1.3, sound: true, rotateSeconds: 30 },
    });
    expect(layoutFromFlags({ rotate: 'off', sound: 'OFF' })).toEqual({ layout: { rotateSeconds: null, sound: false } });
    expect(layoutFromFlags({})).toEqual({ layout: {} });
  });

  it('name the flag that is wrong', () => {
    expect(layoutFromFlags({ tiles: 'queues,weather' })).toEqual({ error: expect.stringMatching(/^--tiles\[1\]: expected .*got string "weather"/) });
    expect(layoutFromFlags({ 'text-scale': 'big' })).toEqual({ error: '--text-scale: expected number, got string "big"' });
    expect(layoutFromFlags({ sound: 'loud' })).toEqual({ error: '--sound: expected boolean, got string "loud"' });
    expect(layoutFromFlags({ rotate: '1' })).toEqual({ error: expect.stringMatching(/^--rotate: expected at least 5/) });
  });
});

describe("the grid of a display's own tiles", () => {
  const cellsOf = (areas: string[]) => areas.map((row) => row.split(' '));
  const some = (n: number): WallTile[] => WALL_TILES.slice(0, n);

  it('fills every cell, each tile in one rectangle, in the chosen order', () => {
    for (let n = 1; n <= WALL_TILES.length; n += 1) {
      for (const tiles of [some(n), [...some(n)].reverse()]) {
        const g = wallGrid(tiles);
        const cells = cellsOf(g.areas);
        expect(cells.every((row) => row.length === g.columns.length), `${n} tiles`).toBe(true);
        expect(cells.length).toBe(g.rows.length);
        expect(cells.flat().includes('.'), `${tiles.join(',')}: ${g.areas.join(' / ')}`).toBe(false);
        expect(new Set(cells.flat())).toEqual(new Set(tiles));
        for (const t of tiles) {
          // CSS grid areas must be rectangles
          const at = cells.flatMap((row, r) => row.map((c, col) => (c === t ? [r, col] : null)).filter((x): x is number[] => x !== null));
          const [rs, cs] = [at.map((p) => p[0]!), at.map((p) => p[1]!)];
          expect(at.length, `${t} in ${g.areas.join(' / ')}`).toBe((Math.max(...rs) - Math.min(...rs) + 1) * (Math.max(...cs) - Math.min(...cs) + 1));
        }
        // reading order follows the chosen order
        const firstSeen = [...new Set(cells.flat())];
        expect(firstSeen).toEqual(tiles);
      }
    }
  });

  it('gives the queues the cell below them when there is one to spare', () => {
    expect(wallGrid(['queues', 'rings', 'conflicts', 'today', 'agents']).areas).toEqual(['queues rings conflicts', 'queues today agents']);
    expect(wallGrid(['rings', 'queues', 'conflicts']).areas).toEqual(['rings queues conflicts']);
    expect(wallGrid(['conflicts', 'rings', 'today', 'agents', 'trend']).areas).toEqual(['conflicts rings today', 'agents trend trend']);
  });

  it('the built-in grid has every tile', () => {
    expect(new Set(cellsOf(BUILT_IN_GRID.areas).flat())).toEqual(new Set(WALL_TILES));
  });
});
