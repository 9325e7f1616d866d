/**
 * The theme the wall is drawn in (its display's layout; set by useWallLayout): wall.css follows
 * `data-theme` on <html>, and what draws on a canvas (the hourly chart) follows this.
 */
import { ref } from 'vue';
import type { WallTheme } from '@shared/display-layout.js';

export const wallTheme = ref<WallTheme>('dark');
