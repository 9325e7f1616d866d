/** The auth API's contract (server/http/auth-routes.ts) as zod schemas; the roles themselves: shared/roles.ts. */
import { z } from 'zod';
import { ROLES } from './roles.js';

/** the roles of shared/roles.ts, as the schema that checks them where they enter (the users store, the admin API) */
export const Role = z.enum(ROLES);
export type Role = z.infer<typeof Role>;

/** What GET /api/v1/auth/me answers. */
export const Me = z.object({
  login: z.string(),
  role: Role,
  /** sites this principal may see; empty = all */
  sites: z.array(z.string()),
  /** send back as `x-csrf-token` on state-changing requests made with the session cookie */
  csrfToken: z.string().optional(),
});
export type Me = z.infer<typeof Me>;

export const LoginRequest = z.object({ login: z.string().min(1).max(64), password: z.string().min(1).max(256) });
export type LoginRequest = z.infer<typeof LoginRequest>;
