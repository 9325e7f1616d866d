/**
 * How long to wait before the next try after failures in a row (a reconnect, a sink that
 * refused events): exponential, capped, and spread by jitter so that feeds which failed
 * together (Redis down, the PBX restarted) do not all come back in the same millisecond.
 */

export interface BackoffOptions {
  /** the wait after the first failure; default 1000 ms */
  initialMs?: number;
  /** default 60 000 ms */
  maxMs?: number;
  /** default 2 */
  factor?: number;
  /** ± fraction of the delay, default 0.2 */
  jitter?: number;
}

/** `failures` ≥ 1; `random` in [0, 1) (injected by tests) */
export function backoffDelay(failures: number, b: BackoffOptions = {}, random: () => number = Math.random): number {
  const initial = b.initialMs ?? 1000;
  const max = b.maxMs ?? 60_000;
  const factor = b.factor ?? 2;
  const jitter = b.jitter ?? 0.2;
  const base = Math.min(max, initial * factor ** Math.max(0, failures - 1));
  return Math.max(0, Math.round(base * (1 + jitter * (2 * random() - 1))));
}
