import { CustomerId, compileSchema, describeIssues } from '@churn/contracts';
import { ProblemException, problem } from '@churn/http';

const validateCustomerId = compileSchema(CustomerId);

/** A path id as the contracts define a customer id (1-128 characters, no control characters). */
export function customerIdParam(value: string): string {
  const result = validateCustomerId(value);
  if (!result.ok) throw new ProblemException(problem(400, `customer id: ${describeIssues(result.issues)}`));
  return value;
}

/** An opaque path id of another service (alert id, key id): bounded and printable. */
export function idParam(name: string, value: string): string {
  if (!/^[\x21-\x7e]{1,128}$/.test(value)) throw new ProblemException(problem(400, `${name}: 1 to 128 printable characters`));
  return value;
}

export function intQuery(name: string, value: string | undefined, { min, max, fallback }: { min: number; max: number; fallback?: number }): number | undefined {
  if (value === undefined || value === '') return fallback;
  if (!/^-?\d+$/.test(value) || Number(value) < min || Number(value) > max) {
    throw new ProblemException(problem(400, `${name} must be an integer from ${min} to ${max}`));
  }
  return Number(value);
}

export function oneOfQuery<T extends string>(name: string, value: string | undefined, allowed: readonly T[]): T | undefined {
  if (value === undefined || value === '') return undefined;
  if (!(allowed as readonly string[]).includes(value)) throw new ProblemException(problem(400, `${name} must be one of: ${allowed.join(', ')}`));
  return value as T;
}

export function dateQuery(name: string, value: string | undefined): string | undefined {
  if (value === undefined || value === '') return undefined;
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value) || Number.isNaN(Date.parse(`${value}T00:00:00Z`))) throw new ProblemException(problem(400, `${name} must be a date YYYY-MM-DD`));
  return value;
}

/** The request id of a request, for upstream calls and the audit log. */
export const requestIdOf = (request: { id: unknown }): string => String(request.id);
