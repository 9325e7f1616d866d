/**
 * The hourly chart's colours for each wall theme (shared/display-layout.ts): a canvas cannot read
 * wall.css, so the chart takes its lines, text and backdrops from here. Dark is also the desk views'.
 */
import type { WallTheme } from '@shared/display-layout.js';

export interface ChartPalette {
  today: string;
  lastWeek: string;
  /** the expected day from history (issue 16): blue, apart from the green and the grey for every colour vision */
  expected: string;
  text: string;
  ticks: string;
  /** behind the "now" label: the tile's colour, a little see-through */
  backdrop: string;
  backdropOverData: string;
  gridX: string;
  gridY: string;
  /** a report's points by the server's status (issue 17), with the shapes of LevelMark: ● ▲ ■ */
  status: { ok: string; warn: string; alert: string };
  /** a report's value line and its target's dashes */
  value: string;
  target: string;
}

const PALETTES: Record<WallTheme, ChartPalette> = {
  dark: { today: '#3ddc84', lastWeek: '#9fb0c2', expected: '#6cb6ff', text: '#e2e8f0', ticks: '#c3cfdb', backdrop: 'rgba(18,25,34,0.85)', backdropOverData: 'rgba(18,25,34,0.5)', gridX: 'rgba(255,255,255,0.06)', gridY: 'rgba(255,255,255,0.08)', status: { ok: '#3ddc84', warn: '#f5b83d', alert: '#ff5c5c' }, value: '#6cb6ff', target: '#e2e8f0' },
  light: { today: '#0b7a3b', lastWeek: '#56667a', expected: '#1d5fbf', text: '#0b1220', ticks: '#2b3a4d', backdrop: 'rgba(255,255,255,0.85)', backdropOverData: 'rgba(255,255,255,0.5)', gridX: 'rgba(0,0,0,0.08)', gridY: 'rgba(0,0,0,0.1)', status: { ok: '#0b7a3b', warn: '#a15c00', alert: '#c01818' }, value: '#1d5fbf', target: '#0b1220' },
  contrast: { today: '#3dff8f', lastWeek: '#d9d9d9', expected: '#8fd0ff', text: '#ffffff', ticks: '#ffffff', backdrop: 'rgba(0,0,0,0.85)', backdropOverData: 'rgba(0,0,0,0.5)', gridX: 'rgba(255,255,255,0.2)', gridY: 'rgba(255,255,255,0.25)', status: { ok: '#3dff8f', warn: '#ffd23d', alert: '#ff6b6b' }, value: '#8fd0ff', target: '#ffffff' },
};

export function chartPalette(theme: WallTheme): ChartPalette {
  return PALETTES[theme];
}
