import { parseAmountToMinor } from '../money';
import type { ValidationIssue } from '../schemas/dead-letter';
import { PurchaseEventV1, type PurchaseV1 } from '../schemas/purchase';
import { type ValidationResult, invalid, valid } from './result';
import { compileSchema } from './schema-validator';
import { DEFAULT_TIME_BOUNDS, type TimeBounds, isoInstant, toUtcInstant } from './time-bounds';

const validateShape = compileSchema(PurchaseEventV1);

/**
 * Validates a raw purchase event against the v1 contract and normalizes it for purchases.v1:
 * money to integer minor units, occurredAt to a UTC instant. `ingestedAt` is stamped with `now`.
 */
export function normalizePurchase(input: unknown, now: Date, bounds: TimeBounds = DEFAULT_TIME_BOUNDS): ValidationResult<PurchaseV1> {
  const shape = validateShape(input);
  if (!shape.ok) return shape;
  const event = shape.value;
  const issues: ValidationIssue[] = [];

  const amount = parseAmountToMinor(event.amount, event.currency);
  if (!amount.ok) issues.push({ path: amount.reason.startsWith('unknown currency') ? '/currency' : '/amount', message: amount.reason });

  const occurredAt = toUtcInstant('/occurredAt', event.occurredAt, now, bounds);
  if (!occurredAt.ok) issues.push(occurredAt.issue);

  const items = event.items?.map((item, index) => {
    const unitPrice = parseAmountToMinor(item.unitPrice, event.currency);
    if (!unitPrice.ok && !unitPrice.reason.startsWith('unknown currency')) {
      issues.push({ path: `/items/${index}/unitPrice`, message: unitPrice.reason });
    }
    return { sku: item.sku, quantity: item.quantity, unitPriceMinor: unitPrice.ok ? unitPrice.minor : 0 };
  });

  if (issues.length > 0 || !amount.ok || !occurredAt.ok) return invalid(...issues);
  // Fields listed and optional ones assigned, not spread from conditional literals: this runs for
  // every ingested event, and the spreads cost a temporary object and a slow copy each.
  const normalized: PurchaseV1 = {
    eventId: event.eventId,
    type: event.type,
    customerId: event.customerId,
    orderId: event.orderId,
    occurredAt: occurredAt.instant,
    amountMinor: amount.minor,
    currency: event.currency,
    ingestedAt: isoInstant(now),
  };
  if (event.channel) normalized.channel = event.channel;
  if (items) normalized.items = items;
  return valid(normalized);
}
