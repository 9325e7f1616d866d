/**
 * The grid of a wall whose display chose its own tiles (shared/display-layout.ts): the tiles in
 * their order, row by row, on a grid shaped for a 16:9 screen; the queue tile, which lists rows,
 * takes the cell below it too when the grid has a spare one, and a cell still empty goes to the
 * tile on its left. The built-in set of tiles, in its order, keeps the tuned grid below.
 */
import type { WallTile } from '@shared/display-layout.js';

export interface WallGrid {
  /** `grid-template-columns` and `-rows`, one size per track */
  columns: string[];
  rows: string[];
  /** `grid-template-areas`: one string per row, a tile id per cell */
  areas: string[];
}

/**
 * The built-in wall, all tiles (tuned at 1366×768 … 3840×2160, issue 14): the queues take two
 * columns and most of the height, since a real centre has dozens (worst first, the quiet folded);
 * the two deadline backlogs share one cell, stacked; the lost callers to call back (issue 16) sit
 * under the queues, which page their rows into the height left (the hourly chart keeps its height:
 * under half of it, its hour labels did not fit; between the operators and today, today's figures did not).
 */
export const BUILT_IN_GRID: WallGrid = {
  columns: ['5fr', '5fr', '7fr', '7fr'],
  rows: ['1fr', '0.5fr', '0.5fr', '0.85fr'],
  areas: ['queues queues rings conflicts', 'queues queues callbacks trend', 'lostCalls lostCalls appeals trend', 'agents agents today today'],
};

/** columns × rows for n tiles: wide rather than tall, like the screen */
const SHAPE: Record<number, [columns: number, rows: number]> = { 1: [1, 1], 2: [2, 1], 3: [3, 1], 4: [2, 2], 5: [3, 2], 6: [3, 2], 7: [4, 2], 8: [4, 2], 9: [4, 3] };

export function wallGrid(tiles: readonly WallTile[]): WallGrid {
  // a layout names each tile at most once
  const [columns, rows] = SHAPE[Math.min(Math.max(1, tiles.length), 9)]!;
  const cells: (WallTile | null)[][] = Array.from({ length: rows }, () => Array<WallTile | null>(columns).fill(null));
  let spare = columns * rows - tiles.length;
  let at = 0;
  for (const tile of tiles) {
    while (cells[Math.floor(at / columns)]?.[at % columns] !== null) at += 1;
    const [r, c] = [Math.floor(at / columns), at % columns];
    cells[r]![c] = tile;
    // the queue tile grows down into a spare cell: a real centre has dozens of queues
    if (tile === 'queues' && spare > 0 && r + 1 < rows) {
      cells[r + 1]![c] = tile;
      spare -= 1;
    }
  }
  for (const row of cells) {
    for (let c = 0; c < columns; c += 1) if (row[c] === null) row[c] = c > 0 ? row[c - 1]! : (row.find((t) => t !== null) ?? null);
  }
  const fr = (k: number) => Array<string>(k).fill('minmax(0, 1fr)');
  return { columns: fr(columns), rows: fr(rows), areas: cells.map((row) => row.map((t) => t ?? '.').join(' ')) };
}
