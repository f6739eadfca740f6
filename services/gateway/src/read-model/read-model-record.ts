import { ChurnPredictionV1, ScoreV1, Topics, compileSchema, describeIssues, logicalTopicName } from '@churn/contracts';
import { type ConsumedRecord, type RecordRejectionCode, decodeRecordValue } from '@churn/messaging';

export type ParsedReadModelRecord =
  | { ok: true; kind: 'score'; event: ScoreV1; record: ConsumedRecord }
  | { ok: true; kind: 'prediction'; event: ChurnPredictionV1; record: ConsumedRecord }
  | { ok: false; code: RecordRejectionCode; reason: string; record: ConsumedRecord };

const validateScore = compileSchema(ScoreV1);
const validatePrediction = compileSchema(ChurnPredictionV1);

/**
 * One consumed scores.v1 / churn-predictions.v1 record, validated against its contract: a record
 * that is not JSON is refused as 'unparseable', one that breaks the contract as 'invalid'.
 */
export function parseReadModelRecord(record: ConsumedRecord, topicPrefix: string): ParsedReadModelRecord {
  const decoded = decodeRecordValue(record);
  if (!decoded.ok) return { ok: false, code: decoded.code, reason: decoded.reason, record };
  const topic = logicalTopicName(record.topic, topicPrefix);
  if (topic === Topics.scores) {
    const result = validateScore(decoded.value);
    return result.ok
      ? { ok: true, kind: 'score', event: result.value, record }
      : { ok: false, code: 'invalid', reason: describeIssues(result.issues), record };
  }
  const result = validatePrediction(decoded.value);
  return result.ok
    ? { ok: true, kind: 'prediction', event: result.value, record }
    : { ok: false, code: 'invalid', reason: describeIssues(result.issues), record };
}

/** The processed-event id: the event's own id, or the record's coordinates when it has none we can read. */
export const processedIdOf = (parsed: ParsedReadModelRecord): string =>
  parsed.ok
    ? `${parsed.kind}:${parsed.event.eventId}`
    : `record:${parsed.record.topic}:${parsed.record.partition}:${parsed.record.offset}`;
