/** p = 1 / (1 + exp(-(slope * score + intercept))). */
export interface PlattScaling {
  readonly slope: number;
  readonly intercept: number;
}

export function applyPlatt(scaling: PlattScaling, score: number): number {
  return 1 / (1 + Math.exp(-(scaling.slope * score + scaling.intercept)));
}

const MAX_ITERATIONS = 100;
// A tiny ridge keeps Newton's step finite when the scores separate the labels perfectly.
const RIDGE = 1e-6;

/**
 * Fits a one-score logistic regression by Newton's method: turns a ranking score (a baseline such
 * as days since the last purchase) into probabilities, fitted on training examples only, so that
 * baselines get a Brier score and log loss comparable with the model's.
 */
export function fitPlatt(scores: readonly number[], labels: readonly number[]): PlattScaling {
  if (scores.length !== labels.length || scores.length === 0) throw new RangeError('need matching, non-empty inputs');
  let slope = 0;
  let intercept = 0;
  for (let iteration = 0; iteration < MAX_ITERATIONS; iteration++) {
    let g0 = 0;
    let g1 = 0;
    let h00 = RIDGE;
    let h01 = 0;
    let h11 = RIDGE;
    scores.forEach((x, i) => {
      const p = applyPlatt({ slope, intercept }, x);
      const w = p * (1 - p);
      g0 += (p - labels[i]) * x;
      g1 += p - labels[i];
      h00 += w * x * x;
      h01 += w * x;
      h11 += w;
    });
    const det = h00 * h11 - h01 * h01;
    const dSlope = (h11 * g0 - h01 * g1) / det;
    const dIntercept = (h00 * g1 - h01 * g0) / det;
    slope -= dSlope;
    intercept -= dIntercept;
    if (Math.abs(dSlope) + Math.abs(dIntercept) < 1e-10) break;
  }
  return { slope, intercept };
}
