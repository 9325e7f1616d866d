/**
 * The display layout's schema (shared/display-layout.ts says what each field means): what the
 * admin API and `display:add` accept, and what a stored layout is read back through. Strict, so
 * a misspelt field ("tile", "textscale") is refused by name instead of silently doing nothing.
 */
import { z } from 'zod';
import { ENTITY_ID_CHARS, ENTITY_ID_MAX, ENTITY_ID_RULE } from './entity-id.js';
import { LAYOUT_QUEUES_MAX, ROTATE_SECONDS, TEXT_SCALE, WALL_THEMES, WALL_TILES, type DisplayLayout as Layout } from './display-layout.js';

const unique = <T>(list: readonly T[]) => new Set(list).size === list.length;
const queueId = z.string().min(1).max(ENTITY_ID_MAX).regex(ENTITY_ID_CHARS, ENTITY_ID_RULE);

export const DisplayLayout = z.strictObject({
  tiles: z.array(z.enum(WALL_TILES)).min(1).refine(unique, 'each tile once').optional(),
  queues: z.array(queueId).max(LAYOUT_QUEUES_MAX).refine(unique, 'each queue once').optional(),
  rotateSeconds: z.number().int().min(ROTATE_SECONDS.min).max(ROTATE_SECONDS.max).nullable().optional(),
  theme: z.enum(WALL_THEMES).optional(),
  textScale: z.number().min(TEXT_SCALE.min).max(TEXT_SCALE.max).optional(),
  sound: z.boolean().optional(),
}) satisfies z.ZodType<Layout>;

/** A display's change by an admin: any of its name, sites and layout (a layout replaces the old one whole). */
export const DisplayChange = z.strictObject({
  name: z.string().min(1).max(100).optional(),
  sites: z.array(z.string()).optional(),
  layout: DisplayLayout.optional(),
});
export type DisplayChange = z.infer<typeof DisplayChange>;

export const NewDisplay = z.strictObject({
  name: z.string().min(1).max(100),
  sites: z.array(z.string()).default([]),
  layout: DisplayLayout.default({}),
});
export type NewDisplay = z.infer<typeof NewDisplay>;
