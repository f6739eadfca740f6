import type { CustomerErasureV1 } from '@churn/contracts';

/** What one customer-erasures.v1 request asks of alerting. */
export interface ErasureRequest {
  eventId: string;
  customerId: string;
  pseudonym: string;
}

/**
 * The pseudonym that replaces the customer id, as loyalty-ledger makes it: taken from the request,
 * not derived from the id, so it cannot be reversed by hashing guessed ids; one per request, so
 * the customer's alerts stay recognisable as one (erased) customer's. Clipped to the id length limit.
 */
export function erasureRequest(event: CustomerErasureV1): ErasureRequest {
  return { eventId: event.eventId, customerId: event.customerId, pseudonym: `erased:${event.eventId}`.slice(0, 128) };
}

/**
 * A JSON value with every string equal to the customer id replaced by the pseudonym, at any depth.
 * Exact matches only: a short id such as "42" must not corrupt the event and alert ids (uuids) or
 * texts that merely contain those characters.
 */
export function replaceCustomerId(value: unknown, customerId: string, pseudonym: string): unknown {
  if (typeof value === 'string') return value === customerId ? pseudonym : value;
  if (Array.isArray(value)) return value.map((item) => replaceCustomerId(item, customerId, pseudonym));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, replaceCustomerId(item, customerId, pseudonym)]));
  }
  return value;
}

/** A stored webhook body (the AlertV1 JSON as it was sent) naming the pseudonym instead of the customer; field order is kept. */
export function pseudonymizeBody(body: string, customerId: string, pseudonym: string): string {
  return JSON.stringify(replaceCustomerId(JSON.parse(body), customerId, pseudonym));
}
