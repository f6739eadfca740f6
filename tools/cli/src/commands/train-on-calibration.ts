import { type ChurnModel, type ModelLogger, trainChurnModel } from '@churn/churn-model';
import { type TimeUnit, type Transaction, churnSnapshot, trainingWindow, utcDayIndex } from '@churn/domain';
import { CliError, ExitCode } from '../exit-codes';
import { utcDate } from '../input/parse-instant';

export interface CalibrationSplit {
  /** Last day of the calibration period (included); nothing after it is read for training. */
  readonly calibrationEnd: number;
  /** Last day of the holdout: horizon = holdoutEnd - calibrationEnd days. */
  readonly holdoutEnd: number;
  readonly timeUnit: TimeUnit;
}

export function horizonDays(split: CalibrationSplit): number {
  const days = utcDayIndex(split.holdoutEnd) - utcDayIndex(split.calibrationEnd);
  if (days <= 0) {
    throw new CliError(
      `--holdout-end ${utcDate(split.holdoutEnd)} must be after --calibration-end ${utcDate(split.calibrationEnd)}`,
      ExitCode.badInput,
    );
  }
  return days;
}

/**
 * Trains on the calibration period alone with a time split inside it (features at an earlier day,
 * labels from the rest of the period; see trainingWindow), so the holdout stays unseen.
 */
export async function trainOnCalibration(
  transactions: readonly Transaction[],
  split: CalibrationSplit,
  logger: ModelLogger,
): Promise<ChurnModel> {
  const horizon = horizonDays(split);
  const endDay = utcDayIndex(split.calibrationEnd);
  const known = transactions.filter((t) => utcDayIndex(t.occurredAt) <= endDay);
  const first = known.reduce((min, t) => Math.min(min, t.occurredAt), Infinity);
  let window;
  try {
    window = trainingWindow(first, split.calibrationEnd, horizon);
  } catch (error) {
    if (error instanceof RangeError) throw new CliError(error.message, ExitCode.badInput);
    throw error;
  }
  const snapshot = churnSnapshot(known, {
    asOf: window.asOf,
    timeUnit: split.timeUnit,
    horizonDays: horizon,
    labelDays: window.labelDays,
  });
  logger.info(
    {
      event: 'churn_training_window',
      asOf: utcDate(window.asOf),
      labelDays: window.labelDays,
      customers: snapshot.features.length,
    },
    'training examples built',
  );
  return trainChurnModel(
    { features: snapshot.features, labels: snapshot.labels, asOf: window.asOf, labelDays: window.labelDays },
    { horizonDays: horizon, timeUnit: split.timeUnit, logger },
  );
}
