import { type Static, Type } from '@sinclair/typebox';
import { UtcInstant } from './common';

export const DeadLetterReasonCode = Type.Union([
  Type.Literal('unparseable'),
  Type.Literal('invalid'),
  Type.Literal('conflict'),
  Type.Literal('processing_failed'),
]);
export type DeadLetterReasonCode = Static<typeof DeadLetterReasonCode>;

export const ValidationIssue = Type.Object({
  path: Type.String({ description: 'JSON pointer of the offending field, "" for the whole event' }),
  message: Type.String(),
});
export type ValidationIssue = Static<typeof ValidationIssue>;

/** Where a rejected record came from, so that ops can find it and re-drive it. */
export const DeadLetterSource = Type.Union([
  Type.Object({
    transport: Type.Literal('kafka'),
    topic: Type.String(),
    partition: Type.Integer(),
    offset: Type.String({ description: 'Kafka offset (string: offsets are 64-bit)' }),
    key: Type.Optional(Type.String()),
  }),
  Type.Object({ transport: Type.Literal('http'), requestId: Type.String() }),
]);
export type DeadLetterSource = Static<typeof DeadLetterSource>;

/** A record a consumer could not accept: the reason, the untouched payload and its coordinates. */
export const DeadLetterV1 = Type.Object(
  {
    reason: Type.Object({ code: DeadLetterReasonCode, message: Type.String(), issues: Type.Optional(Type.Array(ValidationIssue)) }),
    source: DeadLetterSource,
    consumer: Type.String({ description: 'The service / consumer group that rejected it' }),
    eventId: Type.Optional(Type.String({ description: 'The eventId, when one could be read' })),
    originalPayload: Type.String({ description: 'The payload exactly as received, encoded per payloadEncoding' }),
    payloadEncoding: Type.Union([Type.Literal('utf8'), Type.Literal('base64')]),
    failedAt: UtcInstant,
  },
  { $id: 'DeadLetterV1', title: 'Dead letter v1', additionalProperties: false },
);
export type DeadLetterV1 = Static<typeof DeadLetterV1>;
