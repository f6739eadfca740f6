import { type Static, Type } from '@sinclair/typebox';
import { CustomerId, Identifier, UtcInstant } from './common';

export const LoyaltyEventType = Type.Union([
  Type.Literal('earned'),
  Type.Literal('locked'),
  Type.Literal('unlocked'),
  Type.Literal('redeemed'),
  Type.Literal('reversed'),
  Type.Literal('expired'),
  Type.Literal('expiry-notice'),
  Type.Literal('tier-changed'),
  Type.Literal('adjusted'),
]);
export type LoyaltyEventType = Static<typeof LoyaltyEventType>;

/** What loyalty-ledger publishes to loyalty.v1 (through its outbox) for every ledger movement. */
export const LoyaltyEventV1 = Type.Object(
  {
    eventId: Type.String({ ...Identifier, description: 'Unique per loyalty event; the idempotency key.' }),
    customerId: CustomerId,
    type: LoyaltyEventType,
    occurredAt: UtcInstant,
    points: Type.Integer({ description: 'Points moved by this event (signed: negative for debits); 0 for tier changes' }),
    balance: Type.Object(
      { available: Type.Integer(), locked: Type.Integer() },
      { additionalProperties: false, description: 'Balances after the event' },
    ),
    entryId: Type.Optional(Identifier),
    sourceEventId: Type.Optional(Type.String({ ...Identifier, description: 'The purchase, interaction, alert or request that caused it' })),
    ruleVersion: Type.Optional(Type.String({ minLength: 1 })),
    expiresAt: Type.Optional(UtcInstant),
    tier: Type.Optional(Type.Object({ from: Type.String(), to: Type.String() }, { additionalProperties: false })),
    reason: Type.Optional(Type.String({ minLength: 1, maxLength: 500 })),
    operator: Type.Optional(Identifier),
  },
  { $id: 'LoyaltyEventV1', title: 'Loyalty event v1', additionalProperties: false },
);
export type LoyaltyEventV1 = Static<typeof LoyaltyEventV1>;
