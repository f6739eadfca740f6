import { type Static, Type } from '@sinclair/typebox';
import { CurrencyCode, CustomerId, DecimalAmount, Identifier, MinorUnits, Rfc3339Timestamp, UtcInstant } from './common';

export const PurchaseType = Type.Union([Type.Literal('purchase'), Type.Literal('refund')], {
  errorMessage: 'must be "purchase" or "refund"',
});
export const SalesChannel = Type.Union(
  [Type.Literal('online'), Type.Literal('store'), Type.Literal('app'), Type.Literal('partner')],
  { errorMessage: 'must be one of online, store, app, partner' },
);

const PurchaseItemIn = Type.Object(
  {
    sku: Identifier,
    quantity: Type.Integer({ minimum: 1, maximum: 1_000_000 }),
    unitPrice: DecimalAmount,
  },
  { additionalProperties: false },
);

/** What upstream systems publish to purchases.raw.v1 or POST to /v1/events/purchases. */
export const PurchaseEventV1 = Type.Object(
  {
    eventId: Type.String({ ...Identifier, description: 'Unique per event; the idempotency key.' }),
    type: PurchaseType,
    customerId: CustomerId,
    orderId: Type.String({ ...Identifier, description: 'The order; a refund names the order it refunds.' }),
    occurredAt: Rfc3339Timestamp,
    amount: Type.String({ ...DecimalAmount, description: 'Positive decimal string; refunds are positive with type "refund".' }),
    currency: CurrencyCode,
    channel: Type.Optional(SalesChannel),
    items: Type.Optional(Type.Array(PurchaseItemIn, { maxItems: 1000 })),
  },
  { $id: 'PurchaseEventV1', title: 'Purchase event v1 (raw)', additionalProperties: false },
);
export type PurchaseEventV1 = Static<typeof PurchaseEventV1>;

const PurchaseItem = Type.Object(
  { sku: Identifier, quantity: Type.Integer({ minimum: 1 }), unitPriceMinor: MinorUnits },
  { additionalProperties: false },
);

/** What ingestion publishes to purchases.v1: validated, normalized, deduplicated. */
export const PurchaseV1 = Type.Object(
  {
    eventId: Identifier,
    type: PurchaseType,
    customerId: CustomerId,
    orderId: Identifier,
    occurredAt: UtcInstant,
    amountMinor: Type.Integer({ minimum: 1, description: 'Amount in integer minor units of `currency`' }),
    currency: CurrencyCode,
    channel: Type.Optional(SalesChannel),
    items: Type.Optional(Type.Array(PurchaseItem)),
    ingestedAt: UtcInstant,
  },
  { $id: 'PurchaseV1', title: 'Purchase v1 (normalized)', additionalProperties: false },
);
export type PurchaseV1 = Static<typeof PurchaseV1>;
