/**
 * `display:add`'s layout flags → a display layout (shared/display-layout.ts), checked by the
 * same schema as the admin API; a wrong flag is named in the message ("--tiles[1]: expected …").
 */
import { formatIssues } from '../../shared/validation-error.js';
import { DisplayLayout } from '../../shared/display-layout-schema.js';
import type { DisplayLayout as Layout } from '../../shared/display-layout.js';

export const LAYOUT_FLAGS = {
  tiles: { type: 'string' },
  queues: { type: 'string' },
  theme: { type: 'string' },
  'text-scale': { type: 'string' },
  sound: { type: 'string' },
  rotate: { type: 'string' },
} as const;

export type LayoutFlagValues = Partial<Record<keyof typeof LAYOUT_FLAGS, string>>;

export const LAYOUT_USAGE = '[--tiles queues,rings,…] [--queues a,b] [--theme dark|light|contrast] [--text-scale 1–1.6] [--sound on|off] [--rotate SECONDS|off]';

const FLAG_OF: Record<keyof Layout, string> = { tiles: '--tiles', queues: '--queues', theme: '--theme', textScale: '--text-scale', sound: '--sound', rotateSeconds: '--rotate' };

const list = (v: string) => v.split(',').map((s) => s.trim()).filter(Boolean);
/** a number when it reads as one, else the text itself (so the message shows what was typed) */
const numberOr = (v: string): number | string => (v.trim() !== '' && Number.isFinite(Number(v)) ? Number(v) : v);
const onOff = (v: string): boolean | string => ({ on: true, off: false })[v.toLowerCase() as 'on' | 'off'] ?? v;

/** The layout the flags give, or the reason they do not. */
export function layoutFromFlags(v: LayoutFlagValues): { layout: Layout } | { error: string } {
  const raw: Record<string, unknown> = {};
  if (v.tiles !== undefined) raw.tiles = list(v.tiles);
  if (v.queues !== undefined) raw.queues = list(v.queues);
  if (v.theme !== undefined) raw.theme = v.theme;
  if (v['text-scale'] !== undefined) raw.textScale = numberOr(v['text-scale']);
  if (v.sound !== undefined) raw.sound = onOff(v.sound);
  if (v.rotate !== undefined) raw.rotateSeconds = v.rotate.toLowerCase() === 'off' ? null : numberOr(v.rotate);
  const parsed = DisplayLayout.safeParse(raw);
  if (parsed.success) return { layout: parsed.data };
  const message = formatIssues(parsed.error.issues, raw, 'layout');
  return { error: message.replace(/\b(tiles|queues|theme|textScale|sound|rotateSeconds)\b/g, (k) => FLAG_OF[k as keyof Layout]) };
}
