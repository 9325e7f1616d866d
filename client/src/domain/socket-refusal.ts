/**
 * What a screen does when the server refuses its socket (`connect_error`), by the refusal's
 * message (shared/socket.ts). The client library does not retry middleware refusals by itself,
 * so each gets a delay: credentials refused — slowly (the server also refuses while it cannot
 * check them, and a wall must come back by itself); too many sockets for this token or session —
 * slowly and spread out (other screens of the same token hold the places; hammering would not
 * free one); anything else (the store is away) — soon.
 */
// relative, not '@shared': tests/integration/security-transport.test.ts runs this rule under the root tsconfig too
import { SOCKET_TOO_MANY, SOCKET_UNAUTHORIZED } from '../../../shared/socket.js';

export const UNAVAILABLE_RETRY_MS = 3_000;
/** after "too many sockets": between this and twice this */
export const TOO_MANY_RETRY_MS = 30_000;

export interface Refusal {
  kind: 'unauthorized' | 'too-many' | 'other';
  retryMs: number;
}

export function refusalOf(message: string, unauthorizedRetryMs: number, random: () => number = Math.random): Refusal {
  if (message === SOCKET_UNAUTHORIZED) return { kind: 'unauthorized', retryMs: unauthorizedRetryMs };
  if (message === SOCKET_TOO_MANY) return { kind: 'too-many', retryMs: TOO_MANY_RETRY_MS + Math.floor(random() * TOO_MANY_RETRY_MS) };
  return { kind: 'other', retryMs: UNAVAILABLE_RETRY_MS };
}
