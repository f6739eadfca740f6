import { PurchaseV1, type ValidationIssue, compileSchema, describeIssues, parseJsonPayload } from '@churn/contracts';
import type { ConsumedRecord } from '@churn/messaging';

export type ParsedRecord = { ok: true; record: ConsumedRecord; event: PurchaseV1 } | { ok: false; record: ConsumedRecord; reason: string };

const validatePurchase = compileSchema(PurchaseV1);

/** Reads a purchases.v1 record. Ingestion validated it already; this guards against anyone else writing to the topic. */
export function parsePurchaseRecord(record: ConsumedRecord): ParsedRecord {
  if (record.value === null || record.value.length === 0) return invalid(record, [{ path: '', message: 'record has no value' }]);
  const parsed = parseJsonPayload(record.value.toString('utf8'));
  if (!parsed.ok) return invalid(record, parsed.issues);
  const result = validatePurchase(parsed.value);
  return result.ok ? { ok: true, record, event: result.value } : invalid(record, result.issues);
}

/**
 * The id under which a record is recorded as processed: its eventId, or for a record without a
 * valid one its coordinates, so that replaying an invalid record does not dead-letter it again.
 */
export function processedIdOf(parsed: ParsedRecord): string {
  return parsed.ok ? parsed.event.eventId : `record:${parsed.record.topic}/${parsed.record.partition}/${parsed.record.offset}`;
}

function invalid(record: ConsumedRecord, issues: ValidationIssue[]): ParsedRecord {
  return { ok: false, record, reason: describeIssues(issues) };
}
