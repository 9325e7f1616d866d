/**
 * What can be wrong with a request, as typed errors a route throws; the error handler
 * (error-handler.ts) is the one place that turns them into status codes. The domain says why
 * (`not_found`, `owned_by` …); the HTTP layer decides what that is on the wire.
 */
export type ProblemKind = 'invalid' | 'unauthenticated' | 'forbidden' | 'not_found' | 'conflict';

export const STATUS_OF: Readonly<Record<ProblemKind, number>> = {
  invalid: 400,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
};

export class Problem extends Error {
  override name = 'Problem';
  constructor(
    readonly kind: ProblemKind,
    message: string,
  ) {
    super(message);
  }
}

export const invalid = (message: string) => new Problem('invalid', message);
export const forbidden = (message: string) => new Problem('forbidden', message);
export const notFound = (message: string) => new Problem('not_found', message);
export const conflict = (message: string) => new Problem('conflict', message);
