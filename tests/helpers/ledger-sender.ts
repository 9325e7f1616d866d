/**
 * A sender that keeps the ledger of what it got acknowledged and retries everything else,
 * as the contract asks of senders: a 503, a dropped connection or a dead node means "send again".
 */
import type { ObzorEvent } from '../../shared/events.js';

export interface Ledger {
  accepted: number;
  duplicate: number;
  retries: number;
  failures: number;
}

/** `paceMs` spaces batches so a fault injected mid-run finds work still in flight. */
/** `beforeBatch`: awaited before each batch — a test holds the sender there while it injects a fault */
export async function sendWithRetries(urls: () => string, key: string, batches: ObzorEvent[][], ledger: Ledger, deadline = Date.now() + 100_000, paceMs = 0, beforeBatch?: () => Promise<void>): Promise<void> {
  for (const batch of batches) {
    if (paceMs > 0) await new Promise((r) => setTimeout(r, paceMs));
    if (beforeBatch) await beforeBatch();
    for (;;) {
      if (Date.now() > deadline) throw new Error(`sender gave up; ledger ${JSON.stringify(ledger)}`);
      try {
        const res = await fetch(`${urls()}/api/v1/events`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` }, body: JSON.stringify(batch), signal: AbortSignal.timeout(5000) });
        if (res.status === 200) {
          const { results } = (await res.json()) as { results: { status: string }[] };
          for (const r of results) {
            if (r.status === 'accepted') ledger.accepted++;
            else if (r.status === 'duplicate') ledger.duplicate++;
            else throw new Error(`unexpected rejection: ${JSON.stringify(r)}`);
          }
          break;
        }
        ledger.failures++;
      } catch (e) {
        if ((e as Error).message.startsWith('unexpected')) throw e;
        ledger.failures++;
      }
      ledger.retries++;
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}

/** Waits until `n` events are acknowledged (or `timeoutMs` passed): the moment to inject a fault mid-run. */
export async function untilAccepted(ledger: Ledger, n: number, timeoutMs = 30_000): Promise<void> {
  for (const t0 = Date.now(); ledger.accepted < n && Date.now() - t0 < timeoutMs; ) await new Promise((r) => setTimeout(r, 5));
}
