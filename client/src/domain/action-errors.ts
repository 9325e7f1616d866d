/**
 * What to tell a manager when an action on a conflict is refused. The server words its 409s
 * in English for logs and API users ("conflict c-1 is already acknowledged by ivanova"); the
 * console turns the known ones into message keys of its own language. Pure.
 */
export interface ActionErrorText {
  key: string;
  params: Record<string, string>;
}

const BY = /\bby ([^\s]+?)(?:\s+at\s|\.?$)/;

export function describeActionError(status: number, message: string): ActionErrorText {
  const who = BY.exec(message)?.[1] ?? '';
  if (status === 409) {
    if (/already acknowledged/.test(message)) return { key: 'console.errors.alreadyAcknowledged', params: { who } };
    if (/already yours/.test(message)) return { key: 'console.errors.alreadyYours', params: {} };
    const owned = /already owned by ([^\s]+?)\.?$/.exec(message);
    if (owned) return { key: 'console.errors.alreadyOwned', params: { who: owned[1]! } };
    if (/already resolved/.test(message)) return who ? { key: 'console.errors.alreadyResolvedBy', params: { who } } : { key: 'console.errors.alreadyResolved', params: {} };
  }
  if (status === 404) return { key: 'console.errors.notFound', params: {} };
  if (status === 400) return { key: 'console.errors.badRequest', params: { error: message } };
  if (status === 403) return { key: 'console.errors.forbidden', params: {} };
  if (status === 0 || status === 502 || status === 503 || status === 504) return { key: 'console.errors.unavailable', params: {} };
  return { key: 'console.errors.other', params: { error: message } };
}
