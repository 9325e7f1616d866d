/**
 * Who may open which screen, and where `/` leads:
 *
 * - `/wall`    a wall display token, or any logged-in role;
 * - `/duty`    duty, manager, admin;
 * - `/console` manager, admin;
 * - `/agents`  the operator board: duty, manager, admin;
 * - `/reports` reports (issue 17): duty, manager, admin (its operator report: manager, admin — view:operator-reports);
 * - `/admin`   administration (display tokens and their layouts): admin;
 * - `/login`   anyone;
 * - `/`        by who is asking: a wall token → /wall; duty → /duty; manager/admin → /console.
 *
 * Pure: router.ts applies it to the browser's location.
 */
import type { Me } from '@shared/auth-api.js';
import type { Role } from '@shared/roles.js';

export type RouteName = 'root' | 'wall' | 'duty' | 'console' | 'agents' | 'reports' | 'admin' | 'login' | 'notFound';

export function routeOf(pathname: string): RouteName {
  const path = pathname.replace(/\/+$/, '') || '/';
  switch (path) {
    case '/':
      return 'root';
    case '/wall':
    case '/duty':
    case '/console':
    case '/agents':
    case '/reports':
    case '/admin':
    case '/login':
      return path.slice(1) as RouteName;
    default:
      return 'notFound';
  }
}

export const HOME_OF: Readonly<Record<Role, string>> = { wall: '/wall', duty: '/duty', manager: '/console', admin: '/console' };

const ALLOWED: Readonly<Record<'duty' | 'console' | 'agents' | 'reports' | 'admin', readonly Role[]>> = {
  admin: ['admin'],
  duty: ['duty', 'manager', 'admin'],
  agents: ['duty', 'manager', 'admin'],
  reports: ['duty', 'manager', 'admin'],
  console: ['manager', 'admin'],
};

export type ViewName = 'wall' | 'duty' | 'console' | 'agents' | 'reports' | 'admin' | 'login' | 'notFound' | 'forbidden';

export type Decision =
  /** draw this screen; `display`: the wall runs on the display token, not a session */
  | { view: ViewName; display?: boolean }
  | { redirect: string }
  /** who is asking is not known yet: ask the server (GET /api/v1/auth/me) */
  | { needMe: true };

export interface AccessContext {
  hasDisplayToken: boolean;
  /** undefined: not asked yet; null: not logged in */
  me: Me | null | undefined;
}

/** Only a path of this origin may be a `next` (no `//evil`, no `https:`). */
export function safeNext(next: string | null | undefined): string | undefined {
  if (!next || !next.startsWith('/') || next.startsWith('//') || next.startsWith('/\\')) return undefined;
  return routeOf(next.split(/[?#]/)[0]!) === 'login' ? undefined : next;
}

/** Keeps `?lang=` when moving between screens. */
export function withLang(path: string, search: string): string {
  const lang = new URLSearchParams(search).get('lang');
  if (!lang || path.includes('lang=')) return path;
  return `${path}${path.includes('?') ? '&' : '?'}lang=${encodeURIComponent(lang)}`;
}

export function loginPath(next: string): string {
  return `/login?next=${encodeURIComponent(next)}`;
}

export function decide(route: RouteName, here: string, ctx: AccessContext): Decision {
  switch (route) {
    case 'login':
      return { view: 'login' };
    case 'notFound':
      return { view: 'notFound' };
    case 'wall':
      if (ctx.hasDisplayToken) return { view: 'wall', display: true };
      if (ctx.me === undefined) return { needMe: true };
      return ctx.me ? { view: 'wall' } : { redirect: loginPath(here) };
    case 'root':
      if (ctx.hasDisplayToken) return { redirect: '/wall' };
      if (ctx.me === undefined) return { needMe: true };
      return ctx.me ? { redirect: HOME_OF[ctx.me.role] } : { redirect: loginPath('/') };
    case 'duty':
    case 'console':
    case 'agents':
    case 'reports':
    case 'admin':
      if (ctx.me === undefined) return { needMe: true };
      if (!ctx.me) return { redirect: loginPath(here) };
      return ALLOWED[route].includes(ctx.me.role) ? { view: route } : { view: 'forbidden' };
  }
}
