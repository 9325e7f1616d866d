/**
 * What to tell a person when the server refuses a request or cannot be reached. The server
 * words its refusals in English for logs and API users ("conflict c-1 is already acknowledged
 * by ivanova", "to: expected the login of a manager of kholmsk, got \"x\""); the console and
 * the login page show a message key of their own language for every one of them, and keep the
 * server's text as `detail` (a small secondary line, for support). Pure.
 *
 * What can come back (server/http/conflicts-routes.ts, server/domain/conflict-commands.ts,
 * server/http/problems.ts, server/auth/http-auth.ts, server/http/auth-routes.ts):
 * 400 a field of the action (note, to, resolution) or the body; 401 no session; 403 the role
 * or the CSRF token; 404 the conflict, the site or the route; 409 resolved / owned by someone
 * / yours already / already the owner; 413 a body too large; 429 too many failed logins;
 * 503 the store away or too many logins at once; 500 ours; 0 no answer at all (network).
 */
export interface ActionErrorText {
  /** an i18n key under `apiErrors.` */
  key: string;
  params: Record<string, string>;
  /** the server's (or the browser's) own words, untranslated; '' when there were none */
  detail: string;
}

const BY = /\bby ([^\s]+?)(?:\s+at\s|\.?$)/;
/** 400s name the field first: `note: expected …; resolution: …` (shared/validation-error.ts) */
const FIELD = /^(note|to|resolution|action|body)\b\s*:/;
const FIELD_KEY: Readonly<Record<string, string>> = {
  note: 'apiErrors.fieldNote',
  to: 'apiErrors.fieldTo',
  resolution: 'apiErrors.fieldResolution',
  action: 'apiErrors.fieldAction',
  body: 'apiErrors.badRequest',
};

const text = (key: string, detail: string, params: Record<string, string> = {}): ActionErrorText => ({ key: `apiErrors.${key}`, params, detail });

function conflictRefusal(message: string): ActionErrorText {
  const who = BY.exec(message)?.[1] ?? '';
  if (/already acknowledged/.test(message)) return text('alreadyAcknowledged', message, { who });
  if (/already yours/.test(message)) return text('alreadyYours', message);
  const owned = /already owned by ([^\s]+?)\.?$/.exec(message);
  if (owned) return text('alreadyOwned', message, { who: owned[1]! });
  if (/already resolved/.test(message)) return who ? text('alreadyResolvedBy', message, { who }) : text('alreadyResolved', message);
  return text('changed', message);
}

function invalidField(message: string): ActionErrorText {
  // a reassignment to someone who is not a manager of the site
  const notManager = /^to: expected the login of a manager\b.*got "([^"]*)"/.exec(message);
  if (notManager) return text('notAManager', message, { who: notManager[1]! });
  const field = FIELD.exec(message)?.[1];
  return { key: (field && FIELD_KEY[field]) ?? 'apiErrors.badRequest', params: {}, detail: message };
}

export function describeActionError(status: number, message: string): ActionErrorText {
  switch (status) {
    case 0:
      return text('network', message);
    case 400:
      return invalidField(message);
    case 401:
      return text('unauthenticated', message);
    case 403:
      return /csrf/i.test(message) ? text('staleSession', message) : text('forbidden', message);
    case 404:
      if (/^site\b/.test(message)) return text('siteNotFound', message);
      if (/^conflict\b/.test(message)) return text('notFound', message);
      return text('routeNotFound', message);
    case 409:
      return conflictRefusal(message);
    case 413:
      return text('tooLarge', message);
    case 429:
      return text('tooMany', message);
    case 503:
      return /too many logins/.test(message) ? text('busy', message) : text('unavailable', message);
    case 502:
    case 504:
      return text('unavailable', message);
    default:
      return status >= 500 ? text('server', message, { status: String(status) }) : text('other', message, { status: String(status) });
  }
}

/** A thrown value as `{status, message}`: an ApiError-like one keeps its status; anything else is "no answer" (status 0). */
export function failureOf(e: unknown): { status: number; message: string } {
  if (e && typeof e === 'object' && 'status' in e && typeof (e as { status: unknown }).status === 'number') return { status: (e as { status: number }).status, message: String((e as { message?: unknown }).message ?? '') };
  return { status: 0, message: e instanceof Error ? e.message : String(e) };
}
