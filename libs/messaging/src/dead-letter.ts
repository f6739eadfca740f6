import {
  type DeadLetterReasonCode,
  type DeadLetterSource,
  type DeadLetterV1,
  type ValidationIssue,
  describeIssues,
  parseJsonPayload,
} from '@churn/contracts';
import type { ConsumedRecord, OutgoingRecord } from './records';

export interface DeadLetterReason {
  code: DeadLetterReasonCode;
  message: string;
  issues?: ValidationIssue[];
}

/** The original bytes, kept verbatim: text when they are valid UTF-8, base64 otherwise. */
export function encodeOriginalPayload(
  payload: Buffer | string | null,
): Pick<DeadLetterV1, 'originalPayload' | 'payloadEncoding'> {
  if (payload === null) return { originalPayload: '', payloadEncoding: 'utf8' };
  if (typeof payload === 'string') return { originalPayload: payload, payloadEncoding: 'utf8' };
  const text = payload.toString('utf8');
  return Buffer.from(text, 'utf8').equals(payload)
    ? { originalPayload: text, payloadEncoding: 'utf8' }
    : { originalPayload: payload.toString('base64'), payloadEncoding: 'base64' };
}

/** Why a consumer refuses a record before it can use it: 'unparseable' bytes, or JSON that breaks the contract. */
export type RecordRejectionCode = Extract<DeadLetterReasonCode, 'unparseable' | 'invalid'>;

export type DecodedRecordValue = { ok: true; value: unknown } | { ok: false; code: 'unparseable'; reason: string };

/**
 * A consumed record's value as JSON, for the caller to validate against its contract. A record
 * without a value, or whose value is not acceptable JSON, is 'unparseable'; a schema failure of
 * the parsed value is the caller's, and 'invalid'.
 */
export function decodeRecordValue(record: Pick<ConsumedRecord, 'value'>): DecodedRecordValue {
  if (record.value === null || record.value.length === 0) {
    return { ok: false, code: 'unparseable', reason: 'record has no value' };
  }
  const parsed = parseJsonPayload(record.value.toString('utf8'));
  return parsed.ok
    ? { ok: true, value: parsed.value }
    : { ok: false, code: 'unparseable', reason: describeIssues(parsed.issues) };
}

export function kafkaSource(record: ConsumedRecord): DeadLetterSource {
  // Assigned, not spread from a conditional literal: consumers build one per record.
  const source: Extract<DeadLetterSource, { transport: 'kafka' }> = { transport: 'kafka', topic: record.topic, partition: record.partition, offset: record.offset };
  if (record.key !== null) source.key = record.key;
  return source;
}

/**
 * A DLQ record: reason, untouched payload and where it came from. Keyed like the original (the
 * customerId) so a re-drive lands on the same partition and keeps the customer's order.
 */
export function deadLetterRecord(args: {
  dlqTopic: string;
  consumer: string;
  reason: DeadLetterReason;
  source: DeadLetterSource;
  payload: Buffer | string | null;
  key: string | null;
  eventId?: string;
  now: Date;
}): OutgoingRecord {
  const value: DeadLetterV1 = {
    reason: {
      code: args.reason.code,
      message: args.reason.message,
      ...(args.reason.issues ? { issues: args.reason.issues } : {}),
    },
    source: args.source,
    consumer: args.consumer,
    ...(args.eventId ? { eventId: args.eventId } : {}),
    ...encodeOriginalPayload(args.payload),
    failedAt: args.now.toISOString(),
  };
  return { topic: args.dlqTopic, key: args.key, value, headers: { 'dlq-reason': args.reason.code } };
}
