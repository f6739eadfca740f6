import {
  CustomerErasureV1,
  PurchaseV1,
  Topics,
  type ValidationIssue,
  compileSchema,
  describeIssues,
  logicalTopicName,
} from '@churn/contracts';
import { type ConsumedRecord, type RecordRejectionCode, decodeRecordValue } from '@churn/messaging';

export type ParsedRecord =
  | { ok: true; kind: 'purchase'; record: ConsumedRecord; event: PurchaseV1 }
  | { ok: true; kind: 'erasure'; record: ConsumedRecord; event: CustomerErasureV1 }
  | { ok: false; record: ConsumedRecord; code: RecordRejectionCode; reason: string };

const validatePurchase = compileSchema(PurchaseV1);
const validateErasure = compileSchema(CustomerErasureV1);

/**
 * Reads a purchases.v1 or customer-erasures.v1 record. Ingestion and the gateway validated them
 * already; this guards against anyone else writing to the topics. A record that is not JSON is
 * refused as 'unparseable', one that breaks its contract as 'invalid'.
 */
export function parseConsumedRecord(record: ConsumedRecord, topicPrefix: string): ParsedRecord {
  const topic = logicalTopicName(record.topic, topicPrefix);
  if (topic !== Topics.purchases && topic !== Topics.customerErasures) {
    return invalid(record, [{ path: '', message: `unexpected topic ${topic}` }]);
  }
  const decoded = decodeRecordValue(record);
  if (!decoded.ok) return { ok: false, record, code: decoded.code, reason: decoded.reason };
  if (topic === Topics.customerErasures) {
    const erasure = validateErasure(decoded.value);
    return erasure.ok ? { ok: true, kind: 'erasure', record, event: erasure.value } : invalid(record, erasure.issues);
  }
  const purchase = validatePurchase(decoded.value);
  return purchase.ok ? { ok: true, kind: 'purchase', record, event: purchase.value } : invalid(record, purchase.issues);
}

/**
 * The id under which a record is recorded as processed. A purchase keeps its bare eventId, the id
 * every purchase applied so far was recorded under (a prefix now would make a replay apply them
 * again); an erasure's id comes from another producer, so it is namespaced by its topic. A record
 * without a valid id is named by its coordinates, so replaying it does not dead-letter it again.
 */
export function processedIdOf(parsed: ParsedRecord): string {
  if (!parsed.ok) return `record:${parsed.record.topic}/${parsed.record.partition}/${parsed.record.offset}`;
  return parsed.kind === 'purchase' ? parsed.event.eventId : `${Topics.customerErasures}:${parsed.event.eventId}`;
}

function invalid(record: ConsumedRecord, issues: ValidationIssue[]): ParsedRecord {
  return { ok: false, record, code: 'invalid', reason: describeIssues(issues) };
}
