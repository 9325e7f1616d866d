/**
 * The wall's unit in pixels, as wall.css defines `--u`: 1/100 of the viewport height, or of a
 * 16:9 box inside a wider or taller one. Script that sizes things (rows that fit, figures that
 * shrink) uses the same unit, so CSS and script agree at every screen size.
 */
import { ref } from 'vue';

/** the display's text scale (its layout): wall.css multiplies `--u` by the same `--text-scale` */
export const wallTextScale = ref(1);

export function wallUnitPx(width = window.innerWidth, height = window.innerHeight): number {
  return Math.min(height / 100, (width * 0.5625) / 100) * wallTextScale.value;
}

