import {
  AlertV1,
  CustomerErasureV1,
  type InteractionKind,
  InteractionV1,
  PurchaseV1,
  Topics,
  type ValidationIssue,
  compileSchema,
  describeIssues,
  logicalTopicName,
} from '@churn/contracts';
import type { BehaviourEarning, BehaviourKind, PurchaseEarning, RefundReversal, WinBackTrigger } from '@churn/domain';
import { type ConsumedRecord, type RecordRejectionCode, decodeRecordValue } from '@churn/messaging';

/** A command the domain posts to the journal. */
export type PostingCommand =
  | { kind: 'purchase'; customerId: string; purchase: PurchaseEarning }
  | { kind: 'refund'; customerId: string; refund: RefundReversal }
  | { kind: 'behaviour'; customerId: string; behaviour: BehaviourEarning }
  | { kind: 'win-back'; customerId: string; trigger: WinBackTrigger };

export type ErasureCommand = { kind: 'erasure'; customerId: string; pseudonym: string };

/** What a consumed record asks of the ledger; `ignored` records are valid but earn nothing (a login, a low-risk alert). */
export type LedgerCommand = PostingCommand | ErasureCommand | { kind: 'ignored' };

export const isPosting = (command: LedgerCommand): command is PostingCommand =>
  command.kind !== 'ignored' && command.kind !== 'erasure';

export type ParsedRecord =
  | { ok: true; record: ConsumedRecord; topic: string; eventId: string; command: LedgerCommand }
  | { ok: false; record: ConsumedRecord; code: RecordRejectionCode; reason: string };

const validators = {
  [Topics.purchases]: compileSchema(PurchaseV1),
  [Topics.interactions]: compileSchema(InteractionV1),
  [Topics.alerts]: compileSchema(AlertV1),
  [Topics.customerErasures]: compileSchema(CustomerErasureV1),
} as const;

function fromPurchase(event: PurchaseV1): LedgerCommand {
  const base = {
    eventId: event.eventId,
    customerId: event.customerId,
    orderId: event.orderId,
    occurredAt: Date.parse(event.occurredAt),
    amountMinor: event.amountMinor,
    currency: event.currency,
  };
  return event.type === 'purchase'
    ? {
        kind: 'purchase',
        customerId: event.customerId,
        purchase: { ...base, ...(event.channel ? { channel: event.channel } : {}) },
      }
    : { kind: 'refund', customerId: event.customerId, refund: base };
}

/**
 * The interactions that earn behaviour points. How many is the rule version's business
 * (`behaviourPoints`, at the interaction's time: launch rules 50 per review, 200 per referral,
 * domain.md §3), so a rule change never needs a change here. Every other kind earns nothing.
 */
const BEHAVIOUR_OF: Partial<Record<InteractionKind, BehaviourKind>> = { review: 'review', referral: 'referral' };

function fromInteraction(event: InteractionV1): LedgerCommand {
  const behaviour = BEHAVIOUR_OF[event.kind];
  if (behaviour === undefined) return { kind: 'ignored' };
  return {
    kind: 'behaviour',
    customerId: event.customerId,
    behaviour: {
      eventId: event.eventId,
      customerId: event.customerId,
      behaviour,
      occurredAt: Date.parse(event.occurredAt),
    },
  };
}

/**
 * An alerting alert reaching high risk triggers win-back, whether it opened at high or was
 * escalated there: which of the two happens depends on how the customer's predictions were batched,
 * and the grant must not (the cooldown keeps it to one). Customers in the control group get no
 * bonus, or the group would no longer show what happens without an intervention. Our own fraud
 * warnings never do.
 */
const REACHES_HIGH_RISK: ReadonlySet<AlertV1['type']> = new Set(['opened', 'escalated']);

function fromAlert(event: AlertV1): LedgerCommand {
  const grants =
    REACHES_HIGH_RISK.has(event.type) && event.level === 'high' && event.source === 'alerting' && !event.controlGroup;
  if (!grants) return { kind: 'ignored' };
  return {
    kind: 'win-back',
    customerId: event.customerId,
    trigger: {
      eventId: event.eventId,
      alertId: event.alertId,
      customerId: event.customerId,
      occurredAt: Date.parse(event.occurredAt),
    },
  };
}

/** The pseudonym comes from the request, not the customer id, so it cannot be reversed by guessing ids. */
function fromErasure(event: CustomerErasureV1): LedgerCommand {
  return { kind: 'erasure', customerId: event.customerId, pseudonym: `erased:${event.eventId}`.slice(0, 128) };
}

/**
 * Reads a record of any consumed topic; upstream validated it already, this guards against anyone
 * else writing there. A record that is not JSON is refused as 'unparseable', one that breaks its
 * contract as 'invalid'.
 */
export function parseLedgerRecord(record: ConsumedRecord, topicPrefix: string): ParsedRecord {
  const topic = logicalTopicName(record.topic, topicPrefix);
  const validate = validators[topic as keyof typeof validators] as
    (typeof validators)[keyof typeof validators] | undefined;
  if (!validate) return invalid(record, [{ path: '', message: `unexpected topic ${topic}` }]);
  const decoded = decodeRecordValue(record);
  if (!decoded.ok) return { ok: false, record, code: decoded.code, reason: decoded.reason };
  const result = validate(decoded.value);
  if (!result.ok) return invalid(record, result.issues);
  const command =
    topic === Topics.purchases
      ? fromPurchase(result.value as PurchaseV1)
      : topic === Topics.interactions
        ? fromInteraction(result.value as InteractionV1)
        : topic === Topics.alerts
          ? fromAlert(result.value as AlertV1)
          : fromErasure(result.value as CustomerErasureV1);
  return { ok: true, record, topic, eventId: (result.value as { eventId: string }).eventId, command };
}

/**
 * The id under which a record is recorded as processed: topic + eventId (the topics' id spaces
 * are separate), or the coordinates of a record without a valid one, so that replaying an invalid
 * record does not dead-letter it again.
 */
export function processedIdOf(parsed: ParsedRecord): string {
  return parsed.ok
    ? `${parsed.topic}:${parsed.eventId}`
    : `record:${parsed.record.topic}/${parsed.record.partition}/${parsed.record.offset}`;
}

function invalid(record: ConsumedRecord, issues: ValidationIssue[]): ParsedRecord {
  return { ok: false, record, code: 'invalid', reason: describeIssues(issues) };
}
