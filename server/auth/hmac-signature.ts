/**
 * HMAC-SHA256 request signing for ingest sources (docs/security.md):
 *   X-Obzor-Source: <source>   X-Obzor-Timestamp: <unix seconds>
 *   X-Obzor-Signature: sha256=<hex of HMAC(secret, "<timestamp>.<raw body>")>
 * A timestamp outside ±300 s is refused, so a captured request cannot be replayed later.
 */
import { createHmac } from 'node:crypto';
import { constantTimeEqual } from './secret-tokens.js';

export const SIGNATURE_WINDOW_S = 300;

export function sign(secret: string, timestamp: number, rawBody: Buffer | string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.`).update(rawBody).digest('hex')}`;
}

export type SignatureCheck = { ok: true } | { ok: false; reason: string };

/** The timestamp alone — checked from the headers, before the body is read. */
export function checkTimestamp(timestampHeader: string | undefined, nowMs: number): SignatureCheck {
  if (!timestampHeader || !/^\d{1,12}$/.test(timestampHeader)) return { ok: false, reason: 'X-Obzor-Timestamp: expected unix seconds' };
  if (Math.abs(nowMs / 1000 - Number(timestampHeader)) > SIGNATURE_WINDOW_S) return { ok: false, reason: `X-Obzor-Timestamp: outside the ±${SIGNATURE_WINDOW_S} s window` };
  return { ok: true };
}

/** one answer for an unknown source and a wrong signature: a refusal must not tell which sources exist */
export const SIGNATURE_NOT_VALID = 'X-Obzor-Signature: not valid for this source';

export function checkSignature(secret: string, timestampHeader: string | undefined, signature: string | undefined, rawBody: Buffer, nowMs: number): SignatureCheck {
  const window = checkTimestamp(timestampHeader, nowMs);
  if (!window.ok) return window;
  if (!signature) return { ok: false, reason: 'X-Obzor-Signature: missing' };
  const ts = Number(timestampHeader);
  if (!constantTimeEqual(sign(secret, ts, rawBody), signature)) return { ok: false, reason: SIGNATURE_NOT_VALID };
  return { ok: true };
}
