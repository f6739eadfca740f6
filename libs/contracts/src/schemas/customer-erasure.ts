import { type Static, Type } from '@sinclair/typebox';
import { CustomerId, Identifier, UtcInstant } from './common';

/**
 * A data subject's erasure request (PIPL/GDPR), published by the gateway. Every service deletes or
 * anonymizes what it holds about the customer within 24 hours; the ledger keeps entries balanced.
 */
export const CustomerErasureV1 = Type.Object(
  {
    eventId: Type.String({ ...Identifier, description: 'Unique per request; the idempotency key.' }),
    customerId: CustomerId,
    requestedAt: UtcInstant,
    requestedBy: Type.String({ minLength: 1, description: 'API key id of the requester' }),
  },
  { $id: 'CustomerErasureV1', title: 'Customer erasure request v1', additionalProperties: false },
);
export type CustomerErasureV1 = Static<typeof CustomerErasureV1>;
