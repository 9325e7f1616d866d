/**
 * Answers for request bodies that cannot be read — too large, not JSON, an unknown or corrupt
 * Content-Encoding, cut off mid-way. Each is the sender's doing: a 4xx that says what was wrong,
 * never a 500 (or a logged stack trace).
 */
import type { Request, RequestHandler, Response } from 'express';

/** what body-parser decodes (zstd only on newer Node, so not promised) */
export const CONTENT_ENCODINGS: readonly string[] = ['identity', 'gzip', 'deflate', 'br'];

const encodingOf = (req: Request) => (req.get('content-encoding') ?? 'identity').trim().toLowerCase() || 'identity';
const shown = (s: string) => JSON.stringify(s.length > 40 ? `${s.slice(0, 40)}…` : s);

/**
 * Answers before a body is read — the connection is closed rather than drained, since nothing
 * of the rest will be looked at.
 */
export function refuseUnread(res: Response, status: number, error: string): void {
  res.set('Connection', 'close').status(status).json({ error });
}

/** Refuses an unknown Content-Encoding from the header alone, before credentials or body. */
export const checkContentEncoding: RequestHandler = (req, res, next) => {
  const encoding = encodingOf(req);
  if (CONTENT_ENCODINGS.includes(encoding)) return next();
  refuseUnread(res, 415, `Content-Encoding ${shown(encoding)} is not supported: send ${CONTENT_ENCODINGS.filter((e) => e !== 'identity').join(', ')} or none`);
};

interface BodyError {
  type?: string;
  status?: number;
  expose?: boolean;
  message: string;
  charset?: string;
  /** body-parser's limit and the length it saw, on entity.too.large */
  limit?: number;
  length?: number;
}

/** The answer for an error body-parser raised, or null when the error is not about the body. */
export function bodyErrorAnswer(err: BodyError, req: Request): { status: number; error: string } | null {
  switch (err.type) {
    case 'encoding.unsupported':
      return { status: 415, error: `Content-Encoding ${shown(encodingOf(req))} is not supported: send ${CONTENT_ENCODINGS.filter((e) => e !== 'identity').join(', ')} or none` };
    case 'charset.unsupported':
      return { status: 415, error: `body: charset ${shown(err.charset ?? '')} is not supported: send UTF-8` };
    case 'entity.parse.failed':
      return { status: 400, error: `body is not JSON: ${err.message}` };
    case 'entity.too.large':
      return { status: 413, error: typeof err.limit === 'number' ? `body too large: at most ${err.limit} bytes${typeof err.length === 'number' ? `, got ${err.length}` : ''}` : 'body too large' };
    case 'request.aborted':
      return { status: 400, error: 'body: the request ended before its body did' };
    case 'request.size.invalid':
      return { status: 400, error: 'body: its length differs from Content-Length' };
  }
  if (err.status !== 400 && !(err.expose && typeof err.status === 'number' && err.status >= 400 && err.status < 500)) return null;
  // a decompression stream failed: the body is not what its Content-Encoding says
  const encoding = encodingOf(req);
  if (encoding !== 'identity') return { status: 400, error: `body could not be decoded as Content-Encoding ${shown(encoding)}: ${err.message}` };
  return { status: err.status, error: `body: ${err.message}` };
}
