/**
 * Time units in which the customer-base models measure recency, T and horizons.
 *
 * The literature (Fader, Hardie & Lee 2005) records purchases at day granularity and expresses
 * durations in weeks as days / 7 (so a 39-week calibration period is 273 days and T = 38.86 for a
 * customer whose first purchase was on its first day). We do the same: every duration is a whole
 * number of UTC calendar days divided by the unit's length in days.
 */
export type TimeUnit = 'day' | 'week';

export const MS_PER_DAY = 86_400_000;

/** Average Gregorian month (365.25 / 12 days), the month used for CLV horizons and discounting. */
export const DAYS_PER_MONTH = 365.25 / 12;

export function daysPerUnit(unit: TimeUnit): number {
  return unit === 'week' ? 7 : 1;
}

/** Index of the UTC calendar day containing an instant (epoch milliseconds). */
export function utcDayIndex(epochMs: number): number {
  return Math.floor(epochMs / MS_PER_DAY);
}

/** Converts a number of days to the given unit (float). */
export function daysToUnit(days: number, unit: TimeUnit): number {
  return days / daysPerUnit(unit);
}

/** Converts a number of months (of DAYS_PER_MONTH days) to the given unit (float). */
export function monthsToUnit(months: number, unit: TimeUnit): number {
  return (months * DAYS_PER_MONTH) / daysPerUnit(unit);
}
