/**
 * Metrics of churn scores against 0/1 labels (1 = churned). Scores rank (higher = more likely
 * churned); probabilities must lie in [0, 1].
 */

function checkLengths(a: readonly number[], labels: readonly number[]): void {
  if (a.length !== labels.length) throw new RangeError(`${a.length} scores for ${labels.length} labels`);
  if (a.length === 0) throw new RangeError('no examples');
}

/**
 * Area under the ROC curve via the Mann-Whitney rank sum: the probability that a random churner
 * scores above a random non-churner, ties counting one half (tied scores get their average rank).
 */
export function auc(scores: readonly number[], labels: readonly number[]): number {
  checkLengths(scores, labels);
  const order = scores.map((_, i) => i).sort((i, j) => scores[i] - scores[j]);
  let positives = 0;
  let rankSum = 0;
  for (let start = 0; start < order.length;) {
    let end = start;
    while (end + 1 < order.length && scores[order[end + 1]] === scores[order[start]]) end += 1;
    const averageRank = (start + end) / 2 + 1;
    for (let k = start; k <= end; k++) {
      if (labels[order[k]] === 1) {
        positives += 1;
        rankSum += averageRank;
      }
    }
    start = end + 1;
  }
  const negatives = scores.length - positives;
  if (positives === 0 || negatives === 0) throw new RangeError('AUC needs both churned and retained examples');
  return (rankSum - (positives * (positives + 1)) / 2) / (positives * negatives);
}

/** Mean squared error of the probabilities. */
export function brierScore(probabilities: readonly number[], labels: readonly number[]): number {
  checkLengths(probabilities, labels);
  return probabilities.reduce((s, p, i) => s + (p - labels[i]) ** 2, 0) / probabilities.length;
}

/** Probabilities are clipped away from 0 and 1 so that one confident miss costs ~34.5, not Infinity. */
export const LOG_LOSS_EPSILON = 1e-15;

/** Mean negative log-likelihood (natural log). */
export function logLoss(probabilities: readonly number[], labels: readonly number[]): number {
  checkLengths(probabilities, labels);
  let total = 0;
  probabilities.forEach((raw, i) => {
    const p = Math.min(1 - LOG_LOSS_EPSILON, Math.max(LOG_LOSS_EPSILON, raw));
    total -= labels[i] === 1 ? Math.log(p) : Math.log(1 - p);
  });
  return total / probabilities.length;
}

export interface TopFractionResult {
  /** Examples flagged: ceil(fraction * n). */
  readonly flagged: number;
  /** Churners among the flagged over the flagged. */
  readonly precision: number;
  /** Churners among the flagged over all churners. */
  readonly recall: number;
  /** Precision over the base churn rate: how much better than contacting customers at random. */
  readonly lift: number;
}

/**
 * Precision, recall and lift when the top `fraction` by score are flagged (the retention team's
 * call list). Ties at the cut are broken by input order, so the result is deterministic.
 */
export function topFraction(scores: readonly number[], labels: readonly number[], fraction = 0.1): TopFractionResult {
  checkLengths(scores, labels);
  if (!(fraction > 0 && fraction <= 1)) throw new RangeError(`fraction must be in (0, 1], got ${fraction}`);
  const flagged = Math.ceil(fraction * scores.length);
  const order = scores.map((_, i) => i).sort((i, j) => scores[j] - scores[i] || i - j);
  const hits = order.slice(0, flagged).filter((i) => labels[i] === 1).length;
  const churners = labels.filter((l) => l === 1).length;
  if (churners === 0) throw new RangeError('precision and recall need at least one churned example');
  const precision = hits / flagged;
  return { flagged, precision, recall: hits / churners, lift: precision / (churners / labels.length) };
}

export interface ReliabilityBin {
  /** Bin bounds [lower, upper) of the predicted probability (the last bin includes 1). */
  readonly lower: number;
  readonly upper: number;
  readonly count: number;
  readonly meanPredicted: number;
  readonly observedRate: number;
}

export interface CalibrationReport {
  readonly bins: ReliabilityBin[];
  /** Expected calibration error: bin-size-weighted mean |observed - predicted|. */
  readonly ece: number;
}

/** Reliability diagram over equal-width probability bins (empty bins are left out). */
export function calibration(
  probabilities: readonly number[],
  labels: readonly number[],
  binCount = 10,
): CalibrationReport {
  checkLengths(probabilities, labels);
  const sums = Array.from({ length: binCount }, () => ({ count: 0, predicted: 0, observed: 0 }));
  probabilities.forEach((p, i) => {
    const bin = sums[Math.min(binCount - 1, Math.floor(p * binCount))];
    bin.count += 1;
    bin.predicted += p;
    bin.observed += labels[i];
  });
  const bins: ReliabilityBin[] = [];
  let ece = 0;
  sums.forEach((s, k) => {
    if (s.count === 0) return;
    const bin = {
      lower: k / binCount,
      upper: (k + 1) / binCount,
      count: s.count,
      meanPredicted: s.predicted / s.count,
      observedRate: s.observed / s.count,
    };
    ece += (s.count / probabilities.length) * Math.abs(bin.observedRate - bin.meanPredicted);
    bins.push(bin);
  });
  return { bins, ece };
}

export interface ChurnMetrics {
  readonly examples: number;
  readonly churnRate: number;
  readonly auc: number;
  readonly brier: number;
  readonly logLoss: number;
  readonly precisionAtTopDecile: number;
  readonly recallAtTopDecile: number;
  readonly liftAtTopDecile: number;
  readonly ece: number;
}

/** The report the CLI and the model training print for one set of churn probabilities. */
export function churnMetrics(probabilities: readonly number[], labels: readonly number[]): ChurnMetrics {
  const top = topFraction(probabilities, labels, 0.1);
  return {
    examples: labels.length,
    churnRate: labels.filter((l) => l === 1).length / labels.length,
    auc: auc(probabilities, labels),
    brier: brierScore(probabilities, labels),
    logLoss: logLoss(probabilities, labels),
    precisionAtTopDecile: top.precision,
    recallAtTopDecile: top.recall,
    liftAtTopDecile: top.lift,
    ece: calibration(probabilities, labels).ece,
  };
}
