import { type Static, type TSchema, Type } from '@sinclair/typebox';
import { AlertOutcome, AlertQueue, CustomerId, RiskLevel, ValueTierName, compileSchema, describeIssues } from '@churn/contracts';
import { ProblemException, problem } from '@churn/http';

const Actor = Type.String({ minLength: 1, maxLength: 128, pattern: '^[^\\u0000-\\u001f]+$', description: 'Operator id (pseudonymous)' });
const AlertStatus = Type.Union([Type.Literal('open'), Type.Literal('acknowledged'), Type.Literal('resolved')]);
const Reason = Type.Union([Type.Literal('risk-level'), Type.Literal('probability-jump'), Type.Literal('multi-signal')]);

export const AlertListQuery = Type.Object(
  {
    level: Type.Optional(RiskLevel),
    queue: Type.Optional(AlertQueue),
    status: Type.Optional(AlertStatus),
    reason: Type.Optional(Reason),
    customerId: Type.Optional(CustomerId),
    limit: Type.Optional(Type.String({ pattern: '^(?:[1-9]\\d{0,2}|1000)$', errorMessage: 'must be an integer from 1 to 1000' })),
    cursor: Type.Optional(Type.String({ maxLength: 512 })),
  },
  { additionalProperties: false },
);

export const AcknowledgeRequest = Type.Object({ by: Actor }, { additionalProperties: false });
export const ResolveRequest = Type.Object({ by: Actor, outcome: AlertOutcome }, { additionalProperties: false });

const Filter = Type.Object(
  {
    levels: Type.Optional(Type.Array(RiskLevel, { minItems: 1, uniqueItems: true })),
    queues: Type.Optional(Type.Array(AlertQueue, { minItems: 1, uniqueItems: true })),
    tiers: Type.Optional(Type.Array(ValueTierName, { minItems: 1, uniqueItems: true })),
  },
  { additionalProperties: false },
);
const Url = Type.String({ maxLength: 2_048, pattern: '^https?://', errorMessage: 'must be an http(s) URL' });
const Secret = Type.String({ minLength: 16, maxLength: 256, description: 'HMAC key; generated when omitted' });

export const CreateSubscriptionRequest = Type.Object(
  { url: Url, secret: Type.Optional(Secret), description: Type.Optional(Type.String({ maxLength: 500 })), filter: Type.Optional(Filter), active: Type.Optional(Type.Boolean()) },
  { additionalProperties: false },
);
export const UpdateSubscriptionRequest = Type.Partial(CreateSubscriptionRequest, { additionalProperties: false });

export const DryRunRequest = Type.Object(
  {
    rules: Type.Unknown({ description: 'A rule set, as in rules/alert-rules.json' }),
    // Items are checked one by one against ChurnPredictionV1 (a schema with an $id is compiled once).
    predictions: Type.Optional(Type.Array(Type.Unknown(), { description: 'ChurnPredictionV1 records. Default: the latest prediction of the most recently predicted customers' })),
    limit: Type.Optional(Type.Integer({ minimum: 0, maximum: 1_000 })),
  },
  { additionalProperties: false },
);

export const OutcomeReportQuery = Type.Object(
  { matured: Type.Optional(Type.Union([Type.Literal('true'), Type.Literal('false')], { description: 'Only alerts whose outcome window has passed (default true)' })) },
  { additionalProperties: false },
);

/** A validator that answers 400 problem+json naming the offending fields. */
export function requestValidator<T extends TSchema>(schema: T): (value: unknown) => Static<T> {
  const validate = compileSchema(schema);
  return (value) => {
    const result = validate(value ?? {});
    if (!result.ok) throw new ProblemException(problem(400, describeIssues(result.issues), { issues: result.issues }));
    return result.value;
  };
}
