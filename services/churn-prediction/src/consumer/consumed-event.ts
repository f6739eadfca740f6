import {
  CustomerErasureV1,
  InteractionV1,
  ScoreV1,
  type ValidationIssue,
  compileSchema,
  describeIssues,
  logicalTopicName,
  Topics,
} from '@churn/contracts';
import { type ConsumedRecord, type RecordRejectionCode, decodeRecordValue } from '@churn/messaging';

export type ConsumedEvent =
  | { ok: true; kind: 'score'; record: ConsumedRecord; event: ScoreV1 }
  | { ok: true; kind: 'interaction'; record: ConsumedRecord; event: InteractionV1 }
  | { ok: true; kind: 'erasure'; record: ConsumedRecord; event: CustomerErasureV1 }
  | { ok: false; record: ConsumedRecord; code: RecordRejectionCode; reason: string; eventId?: string };

const validateScore = compileSchema(ScoreV1);
const validateInteraction = compileSchema(InteractionV1);
const validateErasure = compileSchema(CustomerErasureV1);

/**
 * Reads a scores.v1, interactions.v1 or customer-erasures.v1 record. A score without its purchase
 * pattern and BG/NBD parameters (from a scoring older than contracts 1.1) is valid but cannot be
 * predicted from: it is refused with that reason rather than silently skipped. A record that is
 * not JSON is refused as 'unparseable', one that breaks its contract as 'invalid'.
 */
export function parseConsumedRecord(record: ConsumedRecord, topicPrefix: string): ConsumedEvent {
  const topic = logicalTopicName(record.topic, topicPrefix);
  if (topic !== Topics.scores && topic !== Topics.interactions && topic !== Topics.customerErasures) {
    return invalid(record, [{ path: '', message: `unexpected topic ${topic}` }]);
  }
  const decoded = decodeRecordValue(record);
  if (!decoded.ok) return { ok: false, record, code: decoded.code, reason: decoded.reason };
  if (topic === Topics.scores) {
    const result = validateScore(decoded.value);
    if (!result.ok) return invalid(record, result.issues);
    const score = result.value;
    if (
      score.pattern === undefined ||
      score.bgNbd === undefined ||
      score.timeUnit === undefined ||
      score.currency === null
    ) {
      return {
        ok: false,
        record,
        code: 'invalid',
        eventId: score.eventId,
        reason:
          'score carries no purchase pattern, BG/NBD parameters or currency: nothing to compute churn features from',
      };
    }
    return { ok: true, kind: 'score', record, event: score };
  }
  if (topic === Topics.customerErasures) {
    const result = validateErasure(decoded.value);
    return result.ok ? { ok: true, kind: 'erasure', record, event: result.value } : invalid(record, result.issues);
  }
  const result = validateInteraction(decoded.value);
  return result.ok ? { ok: true, kind: 'interaction', record, event: result.value } : invalid(record, result.issues);
}

/**
 * The processed-event id: a score's or interaction's bare eventId (what every record applied so
 * far was recorded under), an erasure's eventId namespaced by its topic (another producer's id
 * space), or for a record without a valid one its coordinates.
 */
export function processedIdOf(event: ConsumedEvent): string {
  if (event.ok)
    return event.kind === 'erasure' ? `${Topics.customerErasures}:${event.event.eventId}` : event.event.eventId;
  return event.eventId ?? `record:${event.record.topic}/${event.record.partition}/${event.record.offset}`;
}

function invalid(record: ConsumedRecord, issues: ValidationIssue[]): ConsumedEvent {
  return { ok: false, record, code: 'invalid', reason: describeIssues(issues) };
}
