/**
 * THE one way the client talks HTTP to the server. Every request goes through `request`,
 * which adds the credentials of the screen — a wall's display token (`Authorization: Bearer`)
 * or, for people, the session cookie (sent by the browser, same origin) plus `x-csrf-token` on
 * state-changing requests — and reports a 401 to the handler the app installs (a wall shows
 * "not authorised", a person goes to the login page). Components never fetch; stores do,
 * through the functions at the bottom.
 *
 * Only `import type` from `@shared` (and shared/api.ts, which holds no zod): its zod schemas
 * must not end up in the wall's bundle.
 */
import type { LostCallOutcome } from '@shared/events.js';
import { apiPath, type ApiResponses, type HttpMethod } from '@shared/api.js';
import type { SiteSettingsInput } from '@shared/site-settings.js';
import type { ConflictActionName, ResolvedConflict } from '@shared/conflicts.js';
import type { HistoryStep } from '@shared/kpi.js';
import type { Snapshot } from '@shared/snapshot.js';
import type { DisplayLayout } from '@shared/display-layout.js';
import type { Role } from '@shared/roles.js';
import type { CalendarDecree } from '@shared/production-calendar.js';
import type { IncidentActionName, IncidentOpenRequest } from '@shared/incidents.js';
import { looksLikeSnapshot } from '../domain/payload-shape.js';

/** A refused or failed request: the HTTP status and the server's `error` text when it sent one. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export interface ApiCredentials {
  /** a wall's display token */
  bearer?: string | undefined;
  /** the session's CSRF token, echoed on POST/PUT/DELETE */
  csrf?: string | undefined;
}

let credentials: ApiCredentials = {};
let unauthorizedHandler: ((path: string) => void) | undefined;

export function setApiCredentials(next: ApiCredentials): void {
  credentials = { ...next };
}

/** Called on every 401 answer (except where a request expects one, like login). */
export function setUnauthorizedHandler(handler: ((path: string) => void) | undefined): void {
  unauthorizedHandler = handler;
}

export interface RequestOptions {
  method?: HttpMethod;
  json?: unknown;
  query?: Record<string, string | undefined>;
  /** one per user click: a retried click is recognised by the server and not applied twice */
  idempotencyKey?: string;
  signal?: AbortSignal;
  /** a 401 is an expected answer (login, "who am I"): do not call the unauthorized handler */
  expect401?: boolean;
}

function withQuery(path: string, query: RequestOptions['query']): string {
  if (!query) return path;
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (v !== undefined && v !== '') q.set(k, v);
  const s = q.toString();
  return s ? `${path}?${s}` : path;
}

export async function request<T>(path: string, opts: RequestOptions = {}): Promise<T> {
  const method = opts.method ?? 'GET';
  const url = withQuery(path, opts.query);
  const headers: Record<string, string> = { accept: 'application/json' };
  if (credentials.bearer) headers.authorization = `Bearer ${credentials.bearer}`;
  if (method !== 'GET' && credentials.csrf) headers['x-csrf-token'] = credentials.csrf;
  if (opts.json !== undefined) headers['content-type'] = 'application/json';
  if (opts.idempotencyKey) headers['idempotency-key'] = opts.idempotencyKey;
  const res = await fetch(url, {
    method,
    credentials: 'same-origin',
    cache: 'no-store',
    headers,
    ...(opts.json !== undefined ? { body: JSON.stringify(opts.json) } : {}),
    ...(opts.signal ? { signal: opts.signal } : {}),
  });
  if (res.status === 401 && !opts.expect401) unauthorizedHandler?.(path);
  if (!res.ok) {
    let message = `HTTP ${res.status}`;
    try {
      const body = (await res.json()) as { error?: unknown };
      if (typeof body.error === 'string') message = body.error;
    } catch {
      // not JSON (a proxy's error page): keep the status
    }
    throw new ApiError(res.status, message);
  }
  if (res.status === 204) return undefined as T;
  return (await res.json()) as T;
}

/** A fresh Idempotency-Key; works outside secure contexts too (plain-HTTP intranet hosts). */
export function newIdempotencyKey(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = (b[6]! & 0x0f) | 0x40;
  b[8] = (b[8]! & 0x3f) | 0x80;
  const h = [...b].map((x) => x.toString(16).padStart(2, '0')).join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

// ---------- the endpoints ----------

export const fetchMe = () => request<ApiResponses['me']>(apiPath('me'), { expect401: true });

export const postLogin = (login: string, password: string) => request<ApiResponses['login']>(apiPath('login'), { method: 'POST', json: { login, password }, expect401: true });

/** logins an escalation at `site` may be reassigned to */
export const fetchManagers = (site: string) => request<ApiResponses['managers']>(apiPath('managers'), { query: { site } });

export const postLogout = () => request<void>(apiPath('logout'), { method: 'POST', json: {} });

export async function fetchSnapshot(sites: readonly string[], signal?: AbortSignal): Promise<Snapshot> {
  const body = await request<unknown>(apiPath('snapshot'), { query: { site: sites.join(',') }, ...(signal ? { signal } : {}) });
  if (!looksLikeSnapshot(body)) throw new Error('GET /api/v1/snapshot: not a snapshot');
  return body;
}

export const fetchConflictDetail = (site: string, conflictId: string) => request<ApiResponses['conflict']>(apiPath('conflict', { site, conflictId }));

export type ConflictActionBody = Record<string, never> | { note: string } | { to: string } | { resolution: string };

export const postConflictAction = (site: string, conflictId: string, action: ConflictActionName, body: ConflictActionBody, idempotencyKey: string) =>
  request<ApiResponses['conflictAction']>(apiPath('conflictAction', { site, conflictId, action }), {
    method: 'POST',
    json: body,
    idempotencyKey,
  });

/** issue 17: the compliance report of GET /api/v1/reports/compliance (the exports are links of the same query) */
export const fetchComplianceReport = (query: Record<string, string>) => request<ApiResponses['reportCompliance']>(apiPath('reportCompliance'), { query });

/** issue 17: the operator report of GET /api/v1/reports/operators (managers, admins) */
export const fetchOperatorReport = (query: Record<string, string>) => request<ApiResponses['reportOperators']>(apiPath('reportOperators'), { query });
/** issue 17: the appeals report of GET /api/v1/reports/appeals */
export const fetchAppealsReport = (query: Record<string, string>) => request<ApiResponses['reportAppeals']>(apiPath('reportAppeals'), { query });

/** issue 16: a manager opens, notes or ends an incident; a retried click carries the same key */
export const postIncidentOpen = (site: string, body: IncidentOpenRequest, idempotencyKey: string) =>
  request<ApiResponses['incidentOpen']>(apiPath('incidentOpen', { site }), { method: 'POST', json: body, idempotencyKey });

export const postIncidentAction = (site: string, incidentId: string, action: IncidentActionName, body: Record<string, never> | { note: string }, idempotencyKey: string) =>
  request<ApiResponses['incidentAction']>(apiPath('incidentAction', { site, incidentId, action }), { method: 'POST', json: body, idempotencyKey });

/** issue 16: a lost caller called back (or tried, or without a number) */
export const postLostCallBack = (site: string, callId: string, outcome: LostCallOutcome, idempotencyKey: string) =>
  request<ApiResponses['lostCallBack']>(apiPath('lostCallBack', { site, callId }), { method: 'POST', json: { outcome }, idempotencyKey });

export const fetchResolvedConflicts = (sites: readonly string[], since?: number) =>
  request<{ conflicts: ResolvedConflict[] }>(apiPath('conflicts'), {
    query: { status: 'resolved', site: sites.join(','), since: since === undefined ? undefined : String(since) },
  });

export interface HistoryQuery {
  sites: readonly string[];
  /** RFC 3339 instant or local date YYYY-MM-DD (of the first site's zone) */
  from: string;
  to: string;
  step: HistoryStep;
  queue?: string;
}

export const fetchHistory = (q: HistoryQuery, signal?: AbortSignal) =>
  request<ApiResponses['history']>(apiPath('history'), { query: { site: q.sites.join(','), from: q.from, to: q.to, step: q.step, queue: q.queue }, ...(signal ? { signal } : {}) });

/** today's expected calls by local hour from the same weekday's history (issue 16) */
export const fetchForecast = (site: string, queue?: string, signal?: AbortSignal) =>
  request<ApiResponses['forecast']>(apiPath('forecast'), { query: { site, queue }, ...(signal ? { signal } : {}) });

// ---------- administration (admins only) ----------

export const fetchDisplays = () => request<ApiResponses['displayTokens']>(apiPath('displayTokens'));

export const postDisplay = (name: string, sites: readonly string[], layout: DisplayLayout) =>
  request<ApiResponses['displayTokenCreate']>(apiPath('displayTokenCreate'), { method: 'POST', json: { name, sites, layout } });

export const patchDisplay = (id: string, change: { name?: string; sites?: readonly string[]; layout?: DisplayLayout }) =>
  request<ApiResponses['displayTokenUpdate']>(apiPath('displayTokenUpdate', { id }), { method: 'PATCH', json: change });

export const deleteDisplay = (id: string) => request<void>(apiPath('displayTokenRevoke', { id }), { method: 'DELETE' });

export const fetchUsers = () => request<ApiResponses['users']>(apiPath('users'));

export const postUser = (user: { login: string; role: Role; password: string; sites: readonly string[] }) => request<ApiResponses['userCreate']>(apiPath('userCreate'), { method: 'POST', json: user });

export const patchUser = (login: string, change: { role?: Role; sites?: readonly string[] }) => request<ApiResponses['userUpdate']>(apiPath('userUpdate', { login }), { method: 'PATCH', json: change });

/** 204; the user's sessions end at once */
export const postUserPassword = (login: string, password: string) => request<void>(apiPath('userPassword', { login }), { method: 'POST', json: { password } });

export const deleteUser = (login: string) => request<void>(apiPath('userDelete', { login }), { method: 'DELETE' });

export const fetchSources = () => request<ApiResponses['sources']>(apiPath('sources'));

export const postSource = (name: string, hmac: boolean) => request<ApiResponses['sourceCreate']>(apiPath('sourceCreate'), { method: 'POST', json: { name, hmac } });

export const deleteSource = (name: string) => request<void>(apiPath('sourceRemove', { name }), { method: 'DELETE' });

export const postDisplayReload = (id: string) => request<void>(apiPath('displayTokenReload', { id }), { method: 'POST', json: {} });

export const fetchAudit = () => request<ApiResponses['audit']>(apiPath('audit'));

export const fetchCalendar = () => request<ApiResponses['adminCalendar']>(apiPath('adminCalendar'));

/** the year's decree replaces its built-in data (400 in words per date) */
export const putCalendarYear = (year: number, decree: CalendarDecree) =>
  request<ApiResponses['adminCalendarYearSave']>(apiPath('adminCalendarYearSave', { year: String(year) }), { method: 'PUT', json: decree });

/** back to the built-in data of that year (404: it had none entered) */
export const deleteCalendarYear = (year: number) => request<void>(apiPath('adminCalendarYearRemove', { year: String(year) }), { method: 'DELETE' });

export const fetchSiteSettings = () => request<ApiResponses['adminSites']>(apiPath('adminSites'));

export const postSitePreview = (site: string, settings: SiteSettingsInput) => request<ApiResponses['adminSitePreview']>(apiPath('adminSitePreview', { site }), { method: 'POST', json: settings });

export const putSiteSettings = (site: string, settings: SiteSettingsInput) => request<ApiResponses['adminSiteSave']>(apiPath('adminSiteSave', { site }), { method: 'PUT', json: settings });

export const deleteSiteSettings = (site: string) => request<ApiResponses['adminSiteReset']>(apiPath('adminSiteReset', { site }), { method: 'DELETE' });
