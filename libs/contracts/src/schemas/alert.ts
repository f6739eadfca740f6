import { type Static, Type } from '@sinclair/typebox';
import { CustomerId, Identifier, UtcInstant } from './common';
import { ChurnDriverV1, RiskLevel, WarningSignal } from './churn-prediction';
import { ValueTierName } from './score';

export const AlertEventType = Type.Union([
  Type.Literal('opened'),
  Type.Literal('escalated'),
  Type.Literal('acknowledged'),
  Type.Literal('resolved'),
]);

/** Why an alert exists. `redemption-limit` is loyalty-ledger's fraud warning. */
export const AlertReason = Type.Union([
  Type.Literal('risk-level'),
  Type.Literal('probability-jump'),
  Type.Literal('multi-signal'),
  Type.Literal('redemption-limit'),
]);
export type AlertReason = Static<typeof AlertReason>;

export const AlertQueue = Type.Union([
  Type.Literal('vip-team'),
  Type.Literal('account-manager'),
  Type.Literal('automated-campaign'),
  Type.Literal('fraud-review'),
]);
export type AlertQueue = Static<typeof AlertQueue>;

export const AlertOutcome = Type.Union([Type.Literal('retained'), Type.Literal('churned'), Type.Literal('no-action')]);

export const AlertResolution = Type.Object(
  {
    cause: Type.Union([Type.Literal('purchase'), Type.Literal('risk-fell'), Type.Literal('manual')]),
    outcome: Type.Optional(AlertOutcome),
    by: Type.String({ minLength: 1, description: 'Operator id or "system"' }),
  },
  { additionalProperties: false },
);

/** Alert lifecycle events on alerts.v1 (key = customerId). */
export const AlertV1 = Type.Object(
  {
    eventId: Type.String({ ...Identifier, description: 'Unique per alert event; the idempotency key.' }),
    alertId: Identifier,
    customerId: CustomerId,
    type: AlertEventType,
    occurredAt: UtcInstant,
    source: Type.Union([Type.Literal('alerting'), Type.Literal('loyalty-ledger')]),
    reason: AlertReason,
    level: RiskLevel,
    priority: Type.Number({ minimum: 0, description: 'Risk x value; higher first' }),
    valueTier: ValueTierName,
    queue: AlertQueue,
    probability: Type.Union([Type.Number({ minimum: 0, maximum: 1 }), Type.Null()]),
    drivers: Type.Array(ChurnDriverV1),
    signals: Type.Array(WarningSignal),
    suggestedAction: Type.String({ minLength: 1 }),
    suggestedActionId: Type.Optional(Type.String({ minLength: 1, description: 'Id of the rule that chose the action: the closed-loop report compares strategies by it' })),
    controlGroup: Type.Boolean({ description: 'Held back from channels to measure uplift' }),
    heldBackBy: Type.Optional(
      Type.Union([Type.Literal('control-group'), Type.Literal('contact-fatigue')], {
        description: 'Why this alert reaches no channel (webhooks): the control group, or the per-customer weekly contact limit. Absent: it reaches channels.',
      }),
    ),
    ruleVersion: Type.Optional(Type.String({ minLength: 1 })),
    modelVersion: Type.Optional(Type.String({ minLength: 1 })),
    actor: Type.Optional(Type.String({ minLength: 1, description: 'Who acknowledged or resolved' })),
    resolution: Type.Optional(AlertResolution),
  },
  { $id: 'AlertV1', title: 'Alert v1', additionalProperties: false },
);
export type AlertV1 = Static<typeof AlertV1>;
