/**
 * The console's words without a browser: every refusal the server can give turned into a
 * message of the UI's language (the server's English kept as the detail), conflict headings
 * that say something, and timeline stamps to the second in the site's zone.
 */
import { describe, expect, it } from 'vitest';
import ru from '../../client/src/i18n/ru.js';
import en from '../../client/src/i18n/en.js';
import { describeActionError, failureOf } from '../../client/src/domain/action-errors.js';
import { conflictHeading, timelineStamp } from '../../client/src/domain/conflict-heading.js';

const SAKHALIN = 'Asia/Sakhalin'; // UTC+11
/** 2026-12-01 19:45:07 in Sakhalin */
const AT = Date.UTC(2026, 11, 1, 8, 45, 7);

/** the text of `apiErrors.x` in a language, to prove every key a refusal maps to exists in both */
function message(lang: typeof ru, key: string): string {
  const [section, name] = key.split('.');
  expect(section).toBe('apiErrors');
  const text = (lang.apiErrors as Record<string, string | undefined>)[name!];
  expect(text, key).toBeTypeOf('string');
  return text ?? '';
}

describe('refusals in words', () => {
  // every refusal the server can give today (server/http/conflicts-routes.ts, conflict-commands.ts, problems.ts, http-auth.ts, auth-routes.ts)
  const cases: [status: number, server: string, key: string, params?: Record<string, string>][] = [
    [409, 'conflict k-1 is already acknowledged by ivanova', 'alreadyAcknowledged', { who: 'ivanova' }],
    [409, 'conflict k-1 is already yours', 'alreadyYours'],
    [409, 'conflict k-1 is already owned by manager', 'alreadyOwned', { who: 'manager' }],
    [409, 'conflict k-1 is already resolved by petrov at 2026-11-25T01:00:00.000Z', 'alreadyResolvedBy', { who: 'petrov' }],
    [409, 'conflict k-1 is already resolved at 2026-11-25T01:00:00.000Z', 'alreadyResolved'],
    [409, 'something new the server says', 'changed'],
    [400, 'to: expected the login of a manager of kholmsk, got "duty"', 'notAManager', { who: 'duty' }],
    [400, 'to: too short: expected at least 1 character, got 0 characters', 'fieldTo'],
    [400, 'note: too long: expected at most 2000 characters, got 2001 characters', 'fieldNote'],
    [400, 'resolution: expected string, got nothing', 'fieldResolution'],
    [400, 'action: expected "acknowledge" | "note" | "reassign" | "resolve", got string "x"', 'fieldAction'],
    [400, 'body is not JSON: Unexpected token', 'badRequest'],
    [401, 'authentication required', 'unauthenticated'],
    [403, 'role duty may not act:conflicts', 'forbidden'],
    [403, 'x-csrf-token: missing or wrong (GET /api/v1/auth/me gives it)', 'staleSession'],
    [404, 'conflict k-9 is not known at kholmsk', 'notFound'],
    [404, 'site nevelsk is not yours or not known', 'siteNotFound'],
    [404, 'no such API route', 'routeNotFound'],
    [413, 'request entity too large', 'tooLarge'],
    [429, 'too many failed logins; try again later', 'tooMany'],
    [503, 'store unavailable; retry', 'unavailable'],
    [503, 'too many logins at once; retry in a moment', 'busy'],
    [502, 'HTTP 502', 'unavailable'],
    [500, 'internal error', 'server', { status: '500' }],
    [0, 'Failed to fetch', 'network'],
    [418, "I'm a teapot", 'other', { status: '418' }],
  ];

  it.each(cases)('%i %s → apiErrors.%s, in Russian and English, the server words kept', (status, server, key, params = {}) => {
    const text = describeActionError(status, server);
    expect(text).toEqual({ key: `apiErrors.${key}`, params, detail: server });
    const ruText = message(ru, text.key);
    message(en, text.key);
    // the Russian line is Russian: no English server text leaks into it
    expect(ruText).toMatch(/[А-Яа-яЁё]/);
    expect(ruText).not.toContain(server);
  });

  it('takes a status from anything thrown: an API error keeps its own, a network failure is 0', () => {
    expect(failureOf(Object.assign(new Error('conflict k-1 is already yours'), { status: 409 }))).toEqual({ status: 409, message: 'conflict k-1 is already yours' });
    expect(failureOf(new TypeError('Failed to fetch'))).toEqual({ status: 0, message: 'Failed to fetch' });
  });
});

describe('conflict headings', () => {
  it('names the site, the raised-at time in the site zone and the operator', () => {
    expect(conflictHeading({ agentId: 'op-3', raisedAt: AT }, 'Холмск', SAKHALIN, AT + 60_000)).toEqual({ key: 'console.heading.full', params: { site: 'Холмск', time: '19:45', agent: 'op-3' } });
    expect(ru.console.heading.full.replace('{site}', 'Холмск').replace('{time}', '19:45').replace('{agent}', 'op-3')).toBe('Конфликт: Холмск, 19:45, оператор op-3');
    expect(en.console.heading.full.replace('{site}', 'Kholmsk').replace('{time}', '19:45').replace('{agent}', 'op-3')).toBe('Conflict: Kholmsk, 19:45, operator op-3');
  });

  it('uses the site zone, not the browser one, and adds the date for another day', () => {
    expect(conflictHeading({ agentId: 'op-3', raisedAt: AT }, 'Москва', 'Europe/Moscow', AT).params.time).toBe('11:45');
    // raised yesterday evening, looked at after midnight
    expect(conflictHeading({ agentId: 'op-3', raisedAt: AT }, 'Холмск', SAKHALIN, AT + 5 * 3_600_000).params.time).toBe('01.12 19:45');
  });

  it('says no operator when none is known', () => {
    expect(conflictHeading({ raisedAt: AT }, 'Холмск', SAKHALIN, AT)).toEqual({ key: 'console.heading.noAgent', params: { site: 'Холмск', time: '19:45' } });
    expect(conflictHeading({ agentId: 'op-3' }, 'Холмск', SAKHALIN, AT).params.time).toBe('—');
  });
});

describe('timeline stamps', () => {
  it('are HH:MM:SS in the site zone, with the date when not today', () => {
    expect(timelineStamp(AT, SAKHALIN, AT + 1000)).toBe('19:45:07');
    expect(timelineStamp(AT, 'Europe/Moscow', AT)).toBe('11:45:07');
    expect(timelineStamp(AT, SAKHALIN, AT + 86_400_000)).toBe('01.12 19:45:07');
  });
});
