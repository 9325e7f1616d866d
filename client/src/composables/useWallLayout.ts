/**
 * What this wall shows and how, as its display's layout says (stores/display.ts, from the
 * server), else as its URL says (`?rotate=N`, `?sound=on`, `?theme=light`), else the built-in
 * wall. Applies the theme and the text scale to the page (wall.css reads `data-theme` and
 * `--text-scale` on <html>) and takes them off again when the wall closes.
 */
import { computed, onScopeDispose, watchEffect } from 'vue';
import { isBuiltInTiles, WALL_THEMES, WALL_TILES, type WallTheme, type WallTile } from '@shared/display-layout.js';
import { useDisplayStore } from '../stores/display.js';
import { rotationSeconds } from './useSiteRotation.js';
import { wallSoundWanted } from './useWallSound.js';
import { wallTextScale } from './wall-unit.js';
import { wallTheme } from './wall-theme.js';
import { wallGrid } from '../domain/wall-grid.js';

function themeFromSearch(search: string): WallTheme | undefined {
  const asked = new URLSearchParams(search).get('theme');
  return WALL_THEMES.find((t) => t === asked);
}

export function useWallLayout(search = window.location.search) {
  const display = useDisplayStore();
  const layout = computed(() => display.layout);
  const tiles = computed<readonly WallTile[]>(() => layout.value.tiles ?? WALL_TILES);
  /** the display's own choice of tiles (else the tuned built-in grid) */
  const grid = computed(() => (isBuiltInTiles(layout.value.tiles) ? null : wallGrid(tiles.value)));
  const shows = (tile: WallTile) => tiles.value.includes(tile);
  /** only these queues on the queue and ring tiles (null: all) */
  const queues = computed(() => (layout.value.queues?.length ? layout.value.queues : null));
  const rotateSeconds = computed(() => (layout.value.rotateSeconds !== undefined ? layout.value.rotateSeconds : rotationSeconds(search)));
  const sound = computed(() => layout.value.sound ?? wallSoundWanted(search));
  const theme = computed<WallTheme>(() => layout.value.theme ?? themeFromSearch(search) ?? 'dark');
  const textScale = computed(() => layout.value.textScale ?? 1);

  const root = document.documentElement;
  watchEffect(() => {
    root.dataset.theme = theme.value;
    wallTheme.value = theme.value;
    root.style.setProperty('--text-scale', String(textScale.value));
    wallTextScale.value = textScale.value;
  });
  onScopeDispose(() => {
    delete root.dataset.theme;
    wallTheme.value = 'dark';
    root.style.removeProperty('--text-scale');
    wallTextScale.value = 1;
  });

  return { tiles, grid, shows, queues, rotateSeconds, sound, theme, textScale, revision: computed(() => display.revision) };
}
