/**
 * The HTTP contract in one place: every route's method and path, and what it answers, used by
 * the server's routers (they register these paths) and by the client's API module (it builds
 * these paths and reads these types). Socket events are typed in shared/socket.ts. No zod here
 * (the client imports this at run time; schemas live beside their types, e.g. shared/appeals.ts).
 */
import type { ConflictDetail, ManagerList, ResolvedConflict } from './conflicts.js';
import type { IngestResponse } from './events.js';
import type { HistoryResponse } from './kpi.js';
import type { Me } from './auth-api.js';
import type { AppealResponse } from './appeals.js';
import type { ConflictLive, Snapshot } from './snapshot.js';
import type { AuditEntry, Permission, SourceRecord, UserRecord } from './roles.js';
import type { DisplayRecord } from './display-layout.js';
import type { SitePreview, SiteSettingsRecord } from './site-settings.js';
import type { CalendarYearRecord } from './production-calendar.js';
import type { IncidentActionResponse } from './incidents.js';
import type { ComplianceReport } from './reports.js';
import type { OperatorReport } from './operator-report.js';
import type { AppealsReport } from './appeals-report.js';

/**
 * Who may call a route. Every route names one — there is no default, so no route is open by
 * accident: `anyone` is only the way in (login); `source` an ingest source by its key or HMAC
 * signature (never a person); `signed-in` any session or display token; `metrics` the
 * Prometheus token or an admin; otherwise a role holding that permission (shared/roles.ts).
 * Changes (POST, PATCH, DELETE) made with a session also need its CSRF token.
 */
export type Access = 'anyone' | 'source' | 'signed-in' | 'metrics' | Permission;

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

interface Route<M extends HttpMethod, P extends string> {
  method: M;
  path: P;
  access: Access;
}
const route = <M extends HttpMethod, P extends string>(method: M, path: P, access: Access): Route<M, P> => ({ method, path, access });

export const API = {
  events: route('POST', '/api/v1/events', 'source'),
  snapshot: route('GET', '/api/v1/snapshot', 'view:dashboard'),
  history: route('GET', '/api/v1/history', 'view:history'),
  appeal: route('GET', '/api/v1/appeals/:appealId', 'view:history'),
  login: route('POST', '/api/v1/auth/login', 'anyone'),
  logout: route('POST', '/api/v1/auth/logout', 'signed-in'),
  me: route('GET', '/api/v1/auth/me', 'signed-in'),
  conflicts: route('GET', '/api/v1/conflicts', 'view:dashboard'),
  managers: route('GET', '/api/v1/conflicts/managers', 'act:conflicts'),
  conflict: route('GET', '/api/v1/conflicts/:site/:conflictId', 'act:conflicts'),
  conflictAction: route('POST', '/api/v1/conflicts/:site/:conflictId/:action', 'act:conflicts'),
  lostCallBack: route('POST', '/api/v1/lost-calls/:site/:callId', 'act:lost-calls'),
  users: route('GET', '/api/v1/admin/users', 'admin'),
  userCreate: route('POST', '/api/v1/admin/users', 'admin'),
  userUpdate: route('PATCH', '/api/v1/admin/users/:login', 'admin'),
  userPassword: route('POST', '/api/v1/admin/users/:login/password', 'admin'),
  userDelete: route('DELETE', '/api/v1/admin/users/:login', 'admin'),
  displayTokens: route('GET', '/api/v1/admin/display-tokens', 'admin'),
  displayTokenCreate: route('POST', '/api/v1/admin/display-tokens', 'admin'),
  displayTokenUpdate: route('PATCH', '/api/v1/admin/display-tokens/:id', 'admin'),
  displayTokenReload: route('POST', '/api/v1/admin/display-tokens/:id/reload', 'admin'),
  displayTokenRevoke: route('DELETE', '/api/v1/admin/display-tokens/:id', 'admin'),
  audit: route('GET', '/api/v1/admin/audit', 'admin'),
  sources: route('GET', '/api/v1/admin/sources', 'admin'),
  sourceCreate: route('POST', '/api/v1/admin/sources', 'admin'),
  sourceRemove: route('DELETE', '/api/v1/admin/sources/:name', 'admin'),
  adminSites: route('GET', '/api/v1/admin/sites', 'admin'),
  adminSitePreview: route('POST', '/api/v1/admin/sites/:site/preview', 'admin'),
  adminSiteSave: route('PUT', '/api/v1/admin/sites/:site/settings', 'admin'),
  adminSiteReset: route('DELETE', '/api/v1/admin/sites/:site/settings', 'admin'),
  adminCalendar: route('GET', '/api/v1/admin/calendar', 'admin'),
  adminCalendarYearSave: route('PUT', '/api/v1/admin/calendar/:year', 'admin'),
  adminCalendarYearRemove: route('DELETE', '/api/v1/admin/calendar/:year', 'admin'),
  predictedWait: route('GET', '/api/v1/queues/:site/:queue/predicted-wait', 'view:dashboard'),
  reportCompliance: route('GET', '/api/v1/reports/compliance', 'view:reports'),
  reportOperators: route('GET', '/api/v1/reports/operators', 'view:operator-reports'),
  reportAppeals: route('GET', '/api/v1/reports/appeals', 'view:reports'),
  incidentOpen: route('POST', '/api/v1/incidents/:site', 'act:conflicts'),
  incidentAction: route('POST', '/api/v1/incidents/:site/:incidentId/:action', 'act:conflicts'),
  forecast: route('GET', '/api/v1/forecast', 'view:history'),
  metrics: route('GET', '/metrics', 'metrics'),
} as const;
export type ApiRoute = keyof typeof API;

/** `{site: string, conflictId: string}` for '/api/v1/conflicts/:site/:conflictId' */
export type PathParams<P extends string> = P extends `${string}:${infer Name}/${infer Rest}` ? { [K in Name]: string } & PathParams<`/${Rest}`> : P extends `${string}:${infer Name}` ? { [K in Name]: string } : Record<never, never>;

/** A route's path with its parameters filled in (each one URI-encoded). */
export function apiPath<R extends ApiRoute>(name: R, ...params: keyof PathParams<(typeof API)[R]['path']> extends never ? [] : [PathParams<(typeof API)[R]['path']>]): string {
  const values = (params[0] ?? {}) as Record<string, string>;
  return API[name].path.replace(/:(\w+)/g, (_m, key: string) => encodeURIComponent(values[key] ?? ''));
}


/** A manager's action: applied now, or a retry of one already applied (same Idempotency-Key). */
export interface ConflictActionResponse {
  status: 'applied' | 'duplicate';
  conflict: ConflictDetail | null;
}

/** Issue 16: a lost caller marked called back (`duplicate`: a retry with the same Idempotency-Key); `open`: the entry stays (an attempt that did not reach the caller) */
export interface LostCallBackResponse {
  status: 'applied' | 'duplicate';
  open: boolean;
  attempts: number;
}

/** An open escalation in the list of GET /api/v1/conflicts (personal fields only for roles allowed them). */
export type OpenConflict = ConflictLive & { site: string };

/** What each route answers (the error shape of every route is `ApiErrorBody`). */
export interface ApiResponses {
  events: IngestResponse;
  snapshot: Snapshot;
  history: HistoryResponse;
  appeal: AppealResponse;
  login: Me;
  me: Me;
  /** open ones by default; `?status=resolved` the history */
  conflicts: { conflicts: ResolvedConflict[] | OpenConflict[] };
  managers: ManagerList;
  conflict: ConflictDetail;
  conflictAction: ConflictActionResponse;
  lostCallBack: LostCallBackResponse;
  users: { users: UserRecord[] };
  userCreate: UserRecord;
  userUpdate: UserRecord;
  audit: { entries: AuditEntry[] };
  sources: { sources: SourceRecord[] };
  /** the key (and HMAC secret), shown this once; creating an existing source rotates its key */
  sourceCreate: { source: string; apiKey: string; hmacSecret?: string };
  /** `clientVersion`: the build this server serves; a screen on another one needs a reload */
  displayTokens: { displays: DisplayRecord[]; clientVersion?: string };
  /** the token and its kiosk URL, shown this once */
  displayTokenCreate: { display: DisplayRecord; token: string; url: string };
  displayTokenUpdate: { display: DisplayRecord };
  adminSites: { sites: SiteSettingsRecord[] };
  /** what saving the draft would change now; nothing is saved */
  adminSitePreview: SitePreview;
  adminSiteSave: SiteSettingsRecord;
  /** back to the sites file's settings */
  adminSiteReset: SiteSettingsRecord;
  adminCalendar: { years: CalendarYearRecord[] };
  adminCalendarYearSave: CalendarYearRecord;
  predictedWait: PredictedWaitResponse;
  /** `format=csv|xlsx` answers a file of the same figures instead */
  reportCompliance: ComplianceReport;
  /** issue 17; `format=csv|xlsx` answers a file of the same figures instead */
  reportOperators: OperatorReport;
  /** `format=csv|xlsx` answers a file of the same figures instead */
  reportAppeals: AppealsReport;
  incidentOpen: IncidentActionResponse;
  incidentAction: IncidentActionResponse;
  forecast: ForecastResponse;
}

/**
 * GET /api/v1/forecast?site=[&queue=] (issue 16): today's expected calls offered per local hour —
 * the median of the same weekday and hour of the past weeks with data (docs/kpis.md, "Forecast").
 */
export interface ForecastResponse {
  site: string;
  timeZone: string;
  queue?: string;
  /** the site-local date, YYYY-MM-DD, and its [from, to) */
  date: string;
  from: number;
  to: number;
  /** past weeks with data behind the figures; 0: no history (every figure 0, draw none) */
  weeks: number;
  /** expected by the end of the day */
  expectedTotal: number;
  /** per local hour, [start, end) */
  intervals: { start: number; end: number; expected: number }[];
}

/** An expected wait with its band (±1 s.d.), seconds; null when nobody answers the queue now. */
export type WaitBand = { expectedSec: number; lowSec: number; highSec: number } | null;

/** GET /api/v1/queues/:site/:queue/predicted-wait (issue 16; docs/kpis.md, "Foresight") */
export interface PredictedWaitResponse {
  site: string;
  queue: string;
  at: number;
  /** operators of the queue answering now */
  staffed: number;
  waiting: number;
  ahtSec: number;
  patienceSec?: number;
  /** Ibrahim & Whitt (2009), queue-length based, M/M/n+M */
  estimator: 'ibrahim-whitt-ql';
  /** a caller joining now: everybody waiting is ahead */
  joining: WaitBand;
  /** each waiting caller, first in line first: how long it waited, how long it still will */
  calls: { callId: string; position: number; waitedSec: number; remaining: WaitBand }[];
}

/** Every refusal: what was wrong, in words (field path, expected, got). */
export interface ApiErrorBody {
  error: string;
}
