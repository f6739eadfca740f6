/**
 * Money crosses the domain boundary only as integer minor units (cents for USD). Models compute
 * in floats internally; outputs are rounded once, here, at the boundary.
 */

/** True for a finite integer that is exactly representable (|n| <= 2^53 - 1). */
export function isMinorUnits(value: number): boolean {
  return Number.isSafeInteger(value);
}

/** Throws a RangeError unless the value is a safe integer amount of minor units. */
export function assertMinorUnits(value: number, what: string): void {
  if (!isMinorUnits(value)) {
    throw new RangeError(`${what} must be an integer number of minor units, got ${value}`);
  }
}

/**
 * Rounds a model output (float, in minor units) to integer minor units, half away from zero so
 * that rounding is symmetric for credits and debits. Non-finite inputs are a bug upstream.
 */
export function roundToMinorUnits(value: number): number {
  if (!Number.isFinite(value)) throw new RangeError(`cannot round non-finite money value ${value}`);
  const rounded = Math.sign(value) * Math.round(Math.abs(value));
  return rounded === 0 ? 0 : rounded; // normalise -0
}
