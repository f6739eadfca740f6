import { Type } from '@sinclair/typebox';

/**
 * Shared building blocks of the event contracts. `errorMessage` is read by the validator to turn a
 * bare "must match pattern" into a reason an upstream team can act on.
 */

/** Ids: 1-128 characters, no control characters (they break logs, keys and terminals). */
export const Identifier = Type.String({
  minLength: 1,
  maxLength: 128,
  pattern: '^[^\\u0000-\\u001f\\u007f-\\u009f]+$',
  errorMessage: 'must be 1-128 characters without control characters',
});

/** Pseudonymous customer id: the platform never stores names, e-mails or phone numbers. */
export const CustomerId = Type.String({
  ...Identifier,
  description: 'Pseudonymous customer id, stable across channels. Never a name, e-mail address or phone number.',
});

/** RFC 3339 timestamp that must carry an offset ("Z" or "+02:00"). */
export const Rfc3339Timestamp = Type.String({
  format: 'date-time',
  errorMessage: 'must be an RFC 3339 timestamp with an offset, e.g. "2026-11-24T10:15:00+01:00"',
});

/** UTC instant as produced by the platform: ISO 8601 with milliseconds and "Z". */
export const UtcInstant = Type.String({ format: 'date-time', description: 'UTC instant, e.g. 2026-11-24T09:15:00.000Z' });

export const CurrencyCode = Type.String({
  pattern: '^[A-Z]{3}$',
  errorMessage: 'must be an ISO 4217 currency code such as "EUR"',
});

/** Money as upstream sends it: a decimal string, checked against the currency's minor digits later. */
export const DecimalAmount = Type.String({
  maxLength: 32,
  pattern: '^[0-9]+(\\.[0-9]+)?$',
  errorMessage: 'must be a positive decimal string such as "129.90" (no sign, exponent or spaces)',
});

/** Money as the platform carries it: integer minor units (cents), never floats. */
export const MinorUnits = Type.Integer({ minimum: 0, description: 'Amount in integer minor units of `currency` (e.g. cents)' });
