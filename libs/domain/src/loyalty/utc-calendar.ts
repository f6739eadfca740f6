import { MS_PER_DAY } from '../time/time-unit';

/**
 * Adds whole calendar months to a UTC instant, keeping the time of day. The day of month is
 * clamped to the target month's length (31 Jan + 1 month = 28/29 Feb), so "12 months after
 * earning" never spills into the following month. Negative months go back in time.
 */
export function addUtcMonths(epochMs: number, months: number): number {
  const start = new Date(epochMs);
  const targetMonthIndex = start.getUTCFullYear() * 12 + start.getUTCMonth() + months;
  const year = Math.floor(targetMonthIndex / 12);
  const month = targetMonthIndex - year * 12;
  const daysInTargetMonth = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  const day = Math.min(start.getUTCDate(), daysInTargetMonth);
  const timeOfDay = epochMs - Date.UTC(start.getUTCFullYear(), start.getUTCMonth(), start.getUTCDate());
  return Date.UTC(year, month, day) + timeOfDay;
}

export function addDays(epochMs: number, days: number): number {
  return epochMs + days * MS_PER_DAY;
}
