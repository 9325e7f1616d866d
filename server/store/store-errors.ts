/**
 * When is a failure "the store is away, retry" (503 + Retry-After) rather than a bug (500)?
 * Every Redis call of the product goes through ioredis, whose errors while Redis is down or
 * failing over come in several shapes; they are recognised here, once.
 */
export class StoreUnavailableError extends Error {
  override name = 'StoreUnavailableError';
}

// ioredis while disconnected (no offline queue, retries spent), the socket layer, and Redis's
// own "not now" replies: loading after a restart, a read-only replica, a cluster or failover in progress
const UNAVAILABLE =
  /Connection is closed|isn't writeable|not writeable|max retries per request|Command timed out|ECONNREFUSED|ECONNRESET|EPIPE|ETIMEDOUT|EHOSTUNREACH|ENETUNREACH|^LOADING|^READONLY|^MASTERDOWN|^CLUSTERDOWN|^TRYAGAIN|^NOREPLICAS|^BUSY /i;

export function isStoreUnavailable(e: unknown): boolean {
  if (e instanceof StoreUnavailableError) return true;
  if (!(e instanceof Error)) return false;
  return e.name === 'MaxRetriesPerRequestError' || UNAVAILABLE.test(e.message);
}

/** `e` as a StoreUnavailableError when it means "the store is away", else unchanged. */
export function storeErrorOf(e: unknown): unknown {
  if (e instanceof StoreUnavailableError || !isStoreUnavailable(e)) return e;
  return new StoreUnavailableError((e as Error).message);
}
