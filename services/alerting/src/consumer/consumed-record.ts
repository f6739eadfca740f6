import { type TSchema, type Static } from '@sinclair/typebox';
import { Topics, compileSchema, describeIssues, parseJsonPayload } from '@churn/contracts';
import { type ConsumedRecord, type OutgoingRecord, deadLetterRecord, kafkaSource } from '@churn/messaging';

export type Parsed<T> = { ok: true; record: ConsumedRecord; event: T } | { ok: false; record: ConsumedRecord; reason: string };

/** A reader for records of one contract: JSON, then the schema; the reason names the offending fields. */
export function recordParser<S extends TSchema>(schema: S): (record: ConsumedRecord) => Parsed<Static<S> & { eventId: string }> {
  const validate = compileSchema(schema);
  return (record) => {
    if (record.value === null || record.value.length === 0) return { ok: false, record, reason: 'record has no value' };
    const parsed = parseJsonPayload(record.value.toString('utf8'));
    if (!parsed.ok) return { ok: false, record, reason: describeIssues(parsed.issues) };
    const result = validate(parsed.value);
    return result.ok ? { ok: true, record, event: result.value as Static<S> & { eventId: string } } : { ok: false, record, reason: describeIssues(result.issues) };
  };
}

/** The processed-event id: the eventId, or the coordinates of a record without a valid one (so a replay does not dead-letter it twice). */
export function processedIdOf(parsed: Parsed<{ eventId: string }>): string {
  return parsed.ok ? parsed.event.eventId : `record:${parsed.record.topic}/${parsed.record.partition}/${parsed.record.offset}`;
}

/** The alerting.dlq.v1 record of a record that could not be read: reason, original bytes, coordinates. */
export function deadLetterOf(parsed: Parsed<unknown> & { ok: false }, consumer: string, now: Date): OutgoingRecord {
  return deadLetterRecord({
    dlqTopic: Topics.alertingDlq,
    consumer,
    reason: { code: 'invalid', message: parsed.reason },
    source: kafkaSource(parsed.record),
    payload: parsed.record.value,
    key: parsed.record.key,
    now,
  });
}
