import { type Static, Type } from '@sinclair/typebox';
import { CustomerId, Identifier, Rfc3339Timestamp, UtcInstant } from './common';

export const InteractionKind = Type.Union(
  [
    Type.Literal('complaint'),
    Type.Literal('complaint_resolved'),
    Type.Literal('support_ticket'),
    Type.Literal('nps'),
    Type.Literal('satisfaction'),
    Type.Literal('review'),
    Type.Literal('referral'),
    Type.Literal('login'),
    Type.Literal('visit'),
  ],
  { errorMessage: 'must be one of complaint, complaint_resolved, support_ticket, nps, satisfaction, review, referral, login, visit' },
);
export type InteractionKind = Static<typeof InteractionKind>;

/** Score ranges by kind. A score is required for these kinds and not allowed for the others. */
export const INTERACTION_SCORE_RANGES: Readonly<Partial<Record<InteractionKind, readonly [number, number]>>> = {
  nps: [0, 10],
  satisfaction: [1, 5],
  review: [1, 5],
};

/** What upstream systems publish to interactions.raw.v1 or POST to /v1/events/interactions. */
export const InteractionEventV1 = Type.Object(
  {
    eventId: Type.String({ ...Identifier, description: 'Unique per event; the idempotency key.' }),
    customerId: CustomerId,
    occurredAt: Rfc3339Timestamp,
    kind: InteractionKind,
    score: Type.Optional(Type.Integer({ description: 'nps 0-10, satisfaction 1-5, review 1-5; only for those kinds.' })),
    reference: Type.Optional(Type.String({ ...Identifier, description: 'e.g. the ticket or complaint id' })),
  },
  { $id: 'InteractionEventV1', title: 'Interaction event v1 (raw)', additionalProperties: false },
);
export type InteractionEventV1 = Static<typeof InteractionEventV1>;

/** What ingestion publishes to interactions.v1. */
export const InteractionV1 = Type.Object(
  {
    eventId: Identifier,
    customerId: CustomerId,
    occurredAt: UtcInstant,
    kind: InteractionKind,
    score: Type.Optional(Type.Integer()),
    reference: Type.Optional(Identifier),
    ingestedAt: UtcInstant,
  },
  { $id: 'InteractionV1', title: 'Interaction v1 (normalized)', additionalProperties: false },
);
export type InteractionV1 = Static<typeof InteractionV1>;
