import type { ValidationIssue } from '../schemas/dead-letter';

/** Outcome of validating one event: the typed value, or every issue found (not just the first). */
export type ValidationResult<T> = { ok: true; value: T } | { ok: false; issues: ValidationIssue[] };

export const valid = <T>(value: T): ValidationResult<T> => ({ ok: true, value });
export const invalid = <T = never>(...issues: ValidationIssue[]): ValidationResult<T> => ({ ok: false, issues });

/** One line for logs, HTTP reasons and DLQ records: "amount: must be ...; currency: ...". */
export function describeIssues(issues: readonly ValidationIssue[]): string {
  return issues.map((issue) => (issue.path ? `${issue.path.slice(1).replaceAll('/', '.')}: ${issue.message}` : issue.message)).join('; ');
}
