import currencyCodes from 'currency-codes';

/**
 * ISO 4217 codes that are not money a customer can spend (precious metals, bond-market units,
 * testing and "no currency" codes). ISO lists their minor unit as "N.A.".
 */
const NON_MONETARY_CODES = new Set([
  'XAG',
  'XAU',
  'XPD',
  'XPT',
  'XBA',
  'XBB',
  'XBC',
  'XBD',
  'XDR',
  'XSU',
  'XUA',
  'XTS',
  'XXX',
]);

/**
 * Minor-unit digits by code, built once: `currencyCodes.code()` upper-cases its argument (the
 * contract is case-sensitive) and scans the whole table, and ingestion asks once per amount.
 */
const MINOR_DIGITS: ReadonlyMap<string, number> = new Map(
  currencyCodes.data.filter((c) => !NON_MONETARY_CODES.has(c.code)).map((c) => [c.code, c.digits]),
);

/** Number of minor-unit digits for an ISO 4217 currency, or undefined for an unknown code. */
export function currencyMinorDigits(currency: string): number | undefined {
  return MINOR_DIGITS.get(currency);
}

/** The largest amount the platform accepts, in major units: 10^12 (anything above is a data error). */
export const MAX_AMOUNT_MAJOR_DIGITS = 12;

export type MoneyParseResult = { ok: true; minor: number } | { ok: false; reason: string };

/**
 * Parses a decimal string ("129.90") into integer minor units (12990) without ever going through
 * a float, so no rounding can creep in. Rejects signs, exponents, NaN/Infinity, more decimals than
 * the currency has, zero and amounts of 10^12 major units or more.
 */
export function parseAmountToMinor(amount: string, currency: string): MoneyParseResult {
  const digits = currencyMinorDigits(currency);
  if (digits === undefined) return { ok: false, reason: `unknown currency "${currency}"` };
  const match = /^(\d+)(?:\.(\d+))?$/.exec(amount);
  if (!match)
    return { ok: false, reason: 'must be a positive decimal string such as "129.90" (no sign, exponent or spaces)' };
  const [, whole = '', fraction = ''] = match;
  if (fraction.length > digits) {
    return { ok: false, reason: `has ${fraction.length} decimals but ${currency} allows at most ${digits}` };
  }
  const wholeDigits = whole.replace(/^0+(?=\d)/, '');
  if (wholeDigits.length > MAX_AMOUNT_MAJOR_DIGITS)
    return { ok: false, reason: `must be below 10^${MAX_AMOUNT_MAJOR_DIGITS}` };
  // At most 12 + 4 digits: well inside Number.MAX_SAFE_INTEGER (about 9 * 10^15).
  const minor = Number(wholeDigits + fraction.padEnd(digits, '0'));
  if (minor <= 0) return { ok: false, reason: 'must be greater than zero' };
  return { ok: true, minor };
}

/**
 * The inverse of `parseAmountToMinor`: integer minor units as the contract's decimal string
 * (12990 USD -> "129.90", 500 JPY -> "500"), built from digits, never through a float.
 */
export function formatMinorAsAmount(minor: number, currency: string): string {
  const digits = currencyMinorDigits(currency);
  if (digits === undefined) throw new RangeError(`unknown currency "${currency}"`);
  if (!Number.isSafeInteger(minor) || minor <= 0)
    throw new RangeError(`amount must be a positive integer of minor units, got ${minor}`);
  if (digits === 0) return String(minor);
  const padded = String(minor).padStart(digits + 1, '0');
  return `${padded.slice(0, -digits)}.${padded.slice(-digits)}`;
}
