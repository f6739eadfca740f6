import { type Static, type TSchema } from '@sinclair/typebox';
import Ajv, { type ErrorObject } from 'ajv';
import addFormats from 'ajv-formats';
import type { ValidationIssue } from '../schemas/dead-letter';
import { type ValidationResult, invalid, valid } from './result';

// One Ajv instance for the process: compiling is the expensive part and the schemas are static.
const ajv = new Ajv({ allErrors: true, strict: true, verbose: true });
ajv.addKeyword('errorMessage');
addFormats(ajv, ['date-time']);

export type SchemaValidator<T extends TSchema> = (value: unknown) => ValidationResult<Static<T>>;

/** Compiles a TypeBox schema once and returns a validator that reports readable issues. */
export function compileSchema<T extends TSchema>(schema: T): SchemaValidator<T> {
  const check = ajv.compile(schema);
  return (value) => (check(value) ? valid(value as Static<T>) : invalid(...toIssues(check.errors ?? [])));
}

/**
 * Ajv reports unions as one error per branch plus the union; keep one issue per field and prefer
 * the schema's own `errorMessage`, so an upstream team reads "must be "purchase" or "refund""
 * rather than three "must be equal to constant" lines.
 */
function toIssues(errors: readonly ErrorObject[]): ValidationIssue[] {
  const byPath = new Map<string, ValidationIssue & { preferred: boolean }>();
  for (const error of errors) {
    const issue = toIssue(error);
    const custom = (error.parentSchema as { errorMessage?: string } | undefined)?.errorMessage;
    const candidate = custom ? { path: issue.path, message: custom, preferred: true } : { ...issue, preferred: false };
    const existing = byPath.get(candidate.path);
    if (!existing || (candidate.preferred && !existing.preferred)) byPath.set(candidate.path, candidate);
  }
  return [...byPath.values()].map(({ path, message }) => ({ path, message }));
}

function toIssue(error: ErrorObject): ValidationIssue {
  switch (error.keyword) {
    case 'required':
      return { path: `${error.instancePath}/${(error.params as { missingProperty: string }).missingProperty}`, message: 'is required' };
    case 'additionalProperties':
      return {
        path: `${error.instancePath}/${(error.params as { additionalProperty: string }).additionalProperty}`,
        message: 'is not a field of this contract',
      };
    case 'type':
      return { path: error.instancePath, message: error.instancePath ? `${error.message}` : 'event must be a JSON object' };
    default:
      return { path: error.instancePath, message: error.message ?? 'is invalid' };
  }
}
