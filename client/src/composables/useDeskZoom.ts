/**
 * The desk screens (duty, console, operators, login) are laid out for a 1920×1080 desktop. On a
 * larger screen shown at device scale 1 (a 4K monitor or TV without OS scaling) they would fill a
 * quarter of it in tiny text, so they are drawn bigger: `--desk-zoom` on <html> (desk.css zooms
 * `.desk` by it) is the screen's size over 1920×1080, in steps of ¼, from 1 to 2. Smaller screens
 * keep 1 (they scroll).
 */
import { onScopeDispose } from 'vue';

export function deskZoom(width: number, height: number): number {
  const ratio = Math.min(width / 1920, height / 1080);
  return Math.min(2, Math.max(1, Math.floor(ratio * 4) / 4));
}

export function useDeskZoom(): void {
  const root = document.documentElement;
  const apply = () => root.style.setProperty('--desk-zoom', String(deskZoom(window.innerWidth, window.innerHeight)));
  apply();
  window.addEventListener('resize', apply);
  onScopeDispose(() => window.removeEventListener('resize', apply));
}
