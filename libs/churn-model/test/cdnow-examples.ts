import { type ChurnSnapshot, churnSnapshot, trainingWindow } from '@churn/domain';
import { CDNOW_CALIBRATION_END, loadCdnowTransactions } from '../../domain/test/cdnow-loader';

export const CDNOW_HORIZON_DAYS = 273;

/** CDNOW training examples on the time split inside the calibration period, as the CLI builds them. */
export function cdnowTrainingExamples(): ChurnSnapshot & { labelDays: number } {
  const known = loadCdnowTransactions().filter((t) => t.occurredAt <= CDNOW_CALIBRATION_END);
  const first = known.reduce((min, t) => Math.min(min, t.occurredAt), Infinity);
  const window = trainingWindow(first, CDNOW_CALIBRATION_END, CDNOW_HORIZON_DAYS);
  const snapshot = churnSnapshot(known, {
    asOf: window.asOf,
    timeUnit: 'week',
    horizonDays: CDNOW_HORIZON_DAYS,
    labelDays: window.labelDays,
  });
  return { ...snapshot, labelDays: window.labelDays };
}
