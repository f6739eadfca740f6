import { type Static, type TSchema, Type } from '@sinclair/typebox';
import { Identifier, Rfc3339Timestamp, compileSchema, describeIssues } from '@churn/contracts';
import { ProblemException, problem } from '@churn/http';

export const RedemptionBody = Type.Object(
  {
    points: Type.Integer({ minimum: 1, maximum: 100_000_000 }),
    requestId: Type.Optional(Identifier),
  },
  { additionalProperties: false },
);
export type RedemptionBody = Static<typeof RedemptionBody>;

export const AdjustmentBody = Type.Object(
  {
    points: Type.Union(
      [Type.Integer({ minimum: 1, maximum: 100_000_000 }), Type.Integer({ minimum: -100_000_000, maximum: -1 })],
      {
        errorMessage: 'must be a non-zero whole number of points',
      },
    ),
    reason: Type.String({ minLength: 1, maxLength: 500, pattern: '\\S' }),
    operator: Identifier,
    requestId: Type.Optional(Identifier),
  },
  { additionalProperties: false },
);
export type AdjustmentBody = Static<typeof AdjustmentBody>;

const Count = Type.Integer({ minimum: 0 });
const strict = { additionalProperties: false } as const;

/**
 * A new earning-rule version. It is announced when it is added (no back-dating, or the notice
 * period would mean nothing); the domain checks the notice period and the numbers' meaning.
 */
export const RuleVersionBody = Type.Object(
  {
    version: Identifier,
    effectiveFrom: Type.String({ format: 'date-time' }),
    basePointsPerCurrencyUnit: Type.Object({ online: Count, store: Count, app: Count, partner: Count }, strict),
    minorUnitsPerCurrencyUnit: Type.Record(Type.String({ pattern: '^[A-Z]{3}$' }), Type.Integer({ minimum: 1 }), {
      minProperties: 1,
    }),
    tierMultiplierPercent: Type.Object({ basic: Count, silver: Count, gold: Count, diamond: Count }, strict),
    behaviourPoints: Type.Object({ review: Count, referral: Count }, strict),
    purchaseMilestones: Type.Array(
      Type.Object(
        { purchaseCount: Type.Integer({ minimum: 1 }), points: Type.Integer({ minimum: 0 }) },
        { additionalProperties: false },
      ),
      { maxItems: 100 },
    ),
  },
  { additionalProperties: false },
);
export type RuleVersionBody = Static<typeof RuleVersionBody>;

const Channel = Type.Union(
  [Type.Literal('online'), Type.Literal('store'), Type.Literal('app'), Type.Literal('partner')],
  {
    errorMessage: 'must be one of online, store, app, partner',
  },
);

/**
 * A campaign bonus. It is announced when it is added; `startsAt` defaults to that moment and may
 * not be earlier (the domain checks the window, the multiplier's range and the channels' meaning).
 * `multiplierPercent` 200 doubles the base points; `channels` limits it, all channels when absent.
 */
export const CampaignBody = Type.Object(
  {
    campaignId: Identifier,
    startsAt: Type.Optional(Rfc3339Timestamp),
    endsAt: Rfc3339Timestamp,
    multiplierPercent: Type.Integer(),
    channels: Type.Optional(Type.Array(Channel, { minItems: 1, maxItems: 4 })),
  },
  { additionalProperties: false },
);
export type CampaignBody = Static<typeof CampaignBody>;

/** A validator that answers 400 problem+json naming the offending fields. */
export function bodyValidator<T extends TSchema>(schema: T): (body: unknown) => Static<T> {
  const validate = compileSchema(schema);
  return (body) => {
    const result = validate(body ?? {});
    if (!result.ok) throw new ProblemException(problem(400, describeIssues(result.issues), { issues: result.issues }));
    return result.value;
  };
}

/** The request id from the Idempotency-Key header or the body; both present must agree. */
export function requestIdOf(header: string | undefined, body: string | undefined): string {
  if (header !== undefined && body !== undefined && header !== body) {
    throw new ProblemException(problem(400, 'Idempotency-Key and requestId differ'));
  }
  const id = header ?? body;
  if (id === undefined || id.length === 0 || id.length > 128) {
    throw new ProblemException(problem(400, 'an Idempotency-Key header or a requestId (1-128 characters) is required'));
  }
  return id;
}
