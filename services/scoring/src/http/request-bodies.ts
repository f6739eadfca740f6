import { type Static, type TSchema, Type } from '@sinclair/typebox';
import { CustomerId, compileSchema, describeIssues } from '@churn/contracts';
import { ProblemException, problem } from '@churn/http';

export const RescoreRequest = Type.Object({ customerIds: Type.Array(CustomerId, { minItems: 1 }) }, { additionalProperties: false });
export type RescoreRequest = Static<typeof RescoreRequest>;

export const BulkRescoreRequest = Type.Object(
  { silentForDays: Type.Optional(Type.Integer({ minimum: 0, maximum: 36_500, description: 'Only customers without a purchase for this many days' })) },
  { additionalProperties: false },
);
export type BulkRescoreRequest = Static<typeof BulkRescoreRequest>;

/** A validator that answers 400 problem+json naming the offending fields. */
export function bodyValidator<T extends TSchema>(schema: T): (body: unknown) => Static<T> {
  const validate = compileSchema(schema);
  return (body) => {
    const result = validate(body ?? {});
    if (!result.ok) throw new ProblemException(problem(400, describeIssues(result.issues), { issues: result.issues }));
    return result.value;
  };
}
