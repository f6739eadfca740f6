import { MAX_AMOUNT_MAJOR_DIGITS } from '@churn/contracts';

const DECIMAL = /^(\d+)(?:\.(\d+))?$/;

export type AmountResult = { ok: true; minor: number } | { ok: false; reason: string };

/**
 * "129.90" -> 12990 for a currency with `digits` minor digits, by string arithmetic so that no
 * float ever touches the amount. Unlike the event contract (@churn/contracts parseAmountToMinor)
 * zero is accepted: historical logs such as CDNOW hold free orders, which are purchase occasions.
 * Direction comes from the type column, so signs are refused.
 */
export function parseAmount(text: string, digits: number): AmountResult {
  const match = DECIMAL.exec(text);
  if (match === null) return { ok: false, reason: `amount "${text}" is not a decimal such as 129.90` };
  const whole = match[1].replace(/^0+(?=\d)/, '');
  const fraction = match[2] ?? '';
  if (fraction.length > digits) return { ok: false, reason: `amount "${text}" has more than ${digits} decimals` };
  if (whole.length > MAX_AMOUNT_MAJOR_DIGITS) {
    return { ok: false, reason: `amount "${text}" is not below 10^${MAX_AMOUNT_MAJOR_DIGITS}` };
  }
  // At most 12 + 4 digits: an exact integer in a double.
  return { ok: true, minor: Number(whole + fraction.padEnd(digits, '0')) };
}
