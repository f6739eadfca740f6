import { type TSchema, type Static } from '@sinclair/typebox';
import { Topics, compileSchema, describeIssues } from '@churn/contracts';
import {
  type ConsumedRecord,
  type OutgoingRecord,
  type RecordRejectionCode,
  deadLetterRecord,
  decodeRecordValue,
  kafkaSource,
} from '@churn/messaging';

export type Parsed<T> =
  | { ok: true; record: ConsumedRecord; event: T }
  | { ok: false; record: ConsumedRecord; code: RecordRejectionCode; reason: string };

/**
 * A reader for records of one contract: JSON ('unparseable' when it is not), then the schema
 * ('invalid'); the reason names the offending fields.
 */
export function recordParser<S extends TSchema>(
  schema: S,
): (record: ConsumedRecord) => Parsed<Static<S> & { eventId: string }> {
  const validate = compileSchema(schema);
  return (record) => {
    const decoded = decodeRecordValue(record);
    if (!decoded.ok) return { ok: false, record, code: decoded.code, reason: decoded.reason };
    const result = validate(decoded.value);
    return result.ok
      ? { ok: true, record, event: result.value as Static<S> & { eventId: string } }
      : { ok: false, record, code: 'invalid', reason: describeIssues(result.issues) };
  };
}

/** The processed-event id: the eventId, or the coordinates of a record without a valid one (so a replay does not dead-letter it twice). */
export function processedIdOf(parsed: Parsed<{ eventId: string }>): string {
  return parsed.ok
    ? parsed.event.eventId
    : `record:${parsed.record.topic}/${parsed.record.partition}/${parsed.record.offset}`;
}

/** The alerting.dlq.v1 record of a record that could not be read: reason, original bytes, coordinates. */
export function deadLetterOf(parsed: Parsed<unknown> & { ok: false }, consumer: string, now: Date): OutgoingRecord {
  return deadLetterRecord({
    dlqTopic: Topics.alertingDlq,
    consumer,
    reason: { code: parsed.code, message: parsed.reason },
    source: kafkaSource(parsed.record),
    payload: parsed.record.value,
    key: parsed.record.key,
    now,
  });
}
