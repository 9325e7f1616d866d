/**
 * Who may see and do what. `wall` screens never get personal data (N6); `duty` staff watch
 * queue health read-only; `manager`s handle escalations (N13) and see client data; `admin`s
 * manage users, sources, sites and display tokens.
 */
import { z } from 'zod';

export const Role = z.enum(['wall', 'duty', 'manager', 'admin']);
export type Role = z.infer<typeof Role>;

export type Permission = 'view:dashboard' | 'view:history' | 'view:personal-data' | 'act:conflicts' | 'admin';

const MATRIX: Record<Role, readonly Permission[]> = {
  // history is counters only (no personal data): the wall charts today against last week
  wall: ['view:dashboard', 'view:history'],
  duty: ['view:dashboard', 'view:history'],
  manager: ['view:dashboard', 'view:history', 'view:personal-data', 'act:conflicts'],
  admin: ['view:dashboard', 'view:history', 'view:personal-data', 'act:conflicts', 'admin'],
};

export function can(role: Role, permission: Permission): boolean {
  return MATRIX[role].includes(permission);
}

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
