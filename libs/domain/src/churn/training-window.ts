import { MS_PER_DAY, utcDayIndex } from '../time/time-unit';

/** Fewer label days than this say too little about churn to learn from. */
export const MIN_LABEL_DAYS = 28;

export interface TrainingWindow {
  /** Day the training features are computed at (start of that UTC day). */
  readonly asOf: number;
  /** Days after asOf whose purchases decide the training labels; they end at the calibration end. */
  readonly labelDays: number;
}

/**
 * Splits a calibration period in time, so that a model learns only from what was known by its
 * end: features at an earlier day, labels from the rest of the period. The label window is the
 * prediction horizon when the history is long enough, else half the history, so that the training
 * customers have as much past as future (for a short history like CDNOW's 39 weeks that is about
 * 19 weeks: churn over a shorter window than the one predicted, which ranks the same customers).
 */
export function trainingWindow(firstPurchaseAt: number, calibrationEnd: number, horizonDays: number): TrainingWindow {
  const endDay = utcDayIndex(calibrationEnd);
  const span = endDay - utcDayIndex(firstPurchaseAt);
  const labelDays = Math.min(horizonDays, Math.floor(span / 2));
  if (labelDays < MIN_LABEL_DAYS) {
    throw new RangeError(
      `the calibration history spans ${span} days: at least ${2 * MIN_LABEL_DAYS} are needed to train on a time split`,
    );
  }
  return { asOf: (endDay - labelDays) * MS_PER_DAY, labelDays };
}
