/**
 * `display:add`'s layout flags → a display layout (shared/display-layout.ts), checked by the
 * same schema as the admin API; a wrong flag is named in the message ("--tiles[1]: expected …").
 */
import { formatIssues } from '../../shared/validation-error.js';
import { DisplayLayout } from '../../shared/display-layout-schema.js';
import { ROTATE_SECONDS, TEXT_SCALE, WALL_THEMES, WALL_TILES, type DisplayLayout as Layout } from '../../shared/display-layout.js';

/** the layout flags as options of `display:add` (server/cli/cli-command.ts), with their help */
export const LAYOUT_FLAGS = {
  tiles: { type: 'string', value: 'a,b', help: `the tiles shown, in this order: ${WALL_TILES.join(', ')}; default: all, in the built-in grid` },
  queues: { type: 'string', value: 'a,b', help: "only these queues on the queue and ring tiles (ids, or groups of the sites file's queueGroups)" },
  theme: { type: 'string', value: WALL_THEMES.join('|'), help: 'dark: a hall; light: a bright room; contrast: far or poor screens' },
  'text-scale': { type: 'string', value: `${TEXT_SCALE.min}–${TEXT_SCALE.max}`, help: 'everything drawn this much bigger, for a hall read from farther' },
  sound: { type: 'string', value: 'on|off', help: 'tones for new and overdue escalations (the kiosk must allow audio without a click)' },
  rotate: { type: 'string', value: 'SECONDS|off', help: `turn through its sites every ${ROTATE_SECONDS.min}–${ROTATE_SECONDS.max} s; off: all sites together` },
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
