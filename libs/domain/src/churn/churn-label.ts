import { utcDayIndex } from '../time/time-unit';
import { type Transaction } from '../transactions/transaction';

/** CDNOW's holdout: 39 weeks after the calibration end. */
export const CDNOW_HORIZON_DAYS = 39 * 7;

/**
 * Churned (1) when the customer made no purchase in the horizon after the as-of day: days
 * asOfDay + 1 .. asOfDay + horizonDays, whole UTC days. Refunds do not count as activity.
 */
export function churnLabel(transactions: readonly Transaction[], asOf: number, horizonDays: number): 0 | 1 {
  if (!(horizonDays > 0)) throw new RangeError(`horizonDays must be > 0, got ${horizonDays}`);
  const first = utcDayIndex(asOf) + 1;
  const last = first + horizonDays - 1;
  for (const t of transactions) {
    const day = utcDayIndex(t.occurredAt);
    if (t.type === 'purchase' && day >= first && day <= last) return 0;
  }
  return 1;
}
