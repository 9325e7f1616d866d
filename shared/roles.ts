/**
 * Who may see and do what. `wall` screens never get personal data (N6); `duty` staff watch
 * queue health read-only; `manager`s handle escalations (N13) and see client data; `admin`s
 * manage users, sources, sites and display tokens. No zod here: the client imports it (the
 * schemas of the auth API are in shared/auth-api.ts).
 */
export const ROLES = ['wall', 'duty', 'manager', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/** An ingest source as an admin sees it (GET /api/v1/admin/sources): never its key. */
export interface SourceRecord {
  source: string;
  createdAt: number;
  /** requests must also be signed (HMAC) */
  hmac: boolean;
  /** provisioned from OBZOR_INGEST_KEYS */
  fromEnv: boolean;
}

/** One change an admin made (GET /api/v1/admin/audit). */
export interface AuditEntry {
  id: string;
  at: number;
  /** the login of who made it */
  actor: string;
  /** e.g. user.create, user.update, user.delete, source.create, source.remove, display.create, display.update, display.reload, display.revoke */
  action: string;
  /** the user's login, the source's name, the display's id */
  target: string;
  before?: unknown;
  after?: unknown;
}

/** A user as an admin sees it (GET /api/v1/admin/users): never its password hash. */
export interface UserRecord {
  login: string;
  role: Role;
  /** limited to these sites; empty: every site */
  sites: string[];
  createdAt: number;
}

/** `view:staff-names`: operators' names and pause reasons (the operator board), for signed-in staff, never walls */
/** `act:lost-calls` (issue 16): mark a lost caller called back, from the console (it shows the number) */
/** `view:operator-reports` (issue 17): the operator report, each operator's work and pauses — managers and admins, never duty or walls */
export type Permission = 'view:dashboard' | 'view:history' | 'view:reports' | 'view:operator-reports' | 'view:staff-names' | 'view:personal-data' | 'act:conflicts' | 'act:lost-calls' | 'admin';

const MATRIX: Record<Role, readonly Permission[]> = {
  // history is counters only (no personal data): the wall charts today against last week
  wall: ['view:dashboard', 'view:history'],
  // reports (issue 17) are people's work: a wall charts history, it does not export it
  duty: ['view:dashboard', 'view:history', 'view:reports', 'view:staff-names'],
  manager: ['view:dashboard', 'view:history', 'view:reports', 'view:operator-reports', 'view:staff-names', 'view:personal-data', 'act:conflicts', 'act:lost-calls'],
  admin: ['view:dashboard', 'view:history', 'view:reports', 'view:operator-reports', 'view:staff-names', 'view:personal-data', 'act:conflicts', 'act:lost-calls', 'admin'],
};

export function can(role: Role, permission: Permission): boolean {
  return MATRIX[role].includes(permission);
}

/**
 * A display (wall token) acting or signed in is named `display:<name>`: its login in
 * GET /api/v1/auth/me and the actor of what it records, never mistaken for a person's login
 * (the console offers only people for "reassign").
 */
const DISPLAY_ACTOR_PREFIX = 'display:';

export function displayActor(name: string): string {
  return `${DISPLAY_ACTOR_PREFIX}${name}`;
}

export function isDisplayActor(actor: string): boolean {
  return actor.startsWith(DISPLAY_ACTOR_PREFIX);
}
