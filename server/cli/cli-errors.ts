/**
 * How an operator command ends: an exit code (documented in every `--help` and in
 * docs/operations.md, "Operator commands") and, when it fails, one line on stderr that says
 * what is wrong and how to fix it — never a stack trace.
 */

export const EXIT = {
  ok: 0,
  /** it started and failed while running (Redis lost midway, an unexpected error) */
  failed: 1,
  /** bad usage or input: an unknown option, a missing argument, a file that cannot be read, a bad time zone or site, bad configuration */
  usage: 2,
  /** Redis could not be reached (or refused our credentials) at the start */
  redis: 3,
  /** refused: a server is ingesting into this Redis (rebuild without --force) */
  refused: 4,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/** One line for the operator, and the exit code it ends with. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: ExitCode,
  ) {
    super(message);
  }
}

export const usageError = (message: string): CliError => new CliError(message, EXIT.usage);

/** The exit codes as `--help` lists them. */
export function exitCodesHelp(withRefused: boolean): string {
  return `Exit codes: 0 done, 1 failed while running, 2 bad usage or input, 3 Redis not reachable${withRefused ? ', 4 refused: a server is ingesting' : ''}.`;
}
