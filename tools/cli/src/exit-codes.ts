/** Process exit codes of `churn` (documented in tools/cli/README.md). */
export const ExitCode = {
  ok: 0,
  /** Bad usage or unusable input: unknown option, unreadable file, missing column, nothing to model. */
  badInput: 1,
  /** --strict and at least one bad row. */
  strictFailure: 2,
  /** replay: the broker stayed unreachable longer than --max-outage. */
  unavailable: 3,
} as const;

export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

/** An error whose message is for the user (no stack trace) and that ends the run with `code`. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly code: ExitCode,
  ) {
    super(message);
  }
}
