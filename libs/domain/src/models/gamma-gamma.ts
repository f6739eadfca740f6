import { lgamma } from '../math/lgamma';
import { type FrequencyMonetary } from '../summary/frequency-recency-age';
import { type FitOptions, type FitResult, maximizePositiveParameters } from './maximum-likelihood';

// Bound once: inside Jest's vm sandbox every global lookup of `Math` costs ~200 ns, which
// dominated the likelihood loops; module constants are free in Node and in Jest alike.
const { log } = Math;

/**
 * Gamma-Gamma spend model (Fader, Hardie & Lee 2005, "RFM and CLV: using iso-value curves for
 * customer base analysis", JMR 42(4); Fader & Hardie 2013 note "The Gamma-Gamma model of
 * monetary value"). A customer's transaction values are Gamma(p, ν) with ν ~ Gamma(q, γ); `v`
 * below is γ, in the money unit of the `monetary` inputs (minor units for CustomerSummary).
 * Only customers with at least one repeat purchase carry information (x > 0).
 */
export interface GammaGammaParams {
  readonly p: number;
  readonly q: number;
  readonly v: number;
}

interface SpendData {
  readonly size: number;
  readonly frequencyIndex: Int32Array;
  readonly logMonetary: Float64Array;
  readonly monetary: Float64Array;
  readonly frequency: Float64Array;
  readonly distinctFrequencies: Float64Array;
}

/** Keeps customers with x > 0 and m > 0 (the model's support) in struct-of-arrays form. */
function prepare(customers: ReadonlyArray<FrequencyMonetary>): SpendData {
  const kept = customers.filter((c) => c.frequency > 0 && c.monetary > 0);
  for (const c of kept) {
    if (!Number.isInteger(c.frequency) || !Number.isFinite(c.monetary)) {
      throw new RangeError(`invalid frequency/monetary ${c.frequency}/${c.monetary}`);
    }
  }
  const distinct = Array.from(new Set(kept.map((c) => c.frequency))).sort((a, b) => a - b);
  const indexOf = new Map(distinct.map((x, i) => [x, i] as const));
  return {
    size: kept.length,
    frequencyIndex: Int32Array.from(kept, (c) => indexOf.get(c.frequency) ?? -1),
    logMonetary: Float64Array.from(kept, (c) => log(c.monetary)),
    monetary: Float64Array.from(kept, (c) => c.monetary),
    frequency: Float64Array.from(kept, (c) => c.frequency),
    distinctFrequencies: Float64Array.from(distinct),
  };
}

/**
 * Allocation-free evaluator of the total log-likelihood. Per customer (Fader & Hardie 2013,
 * eq. 3, the density of the mean spend m̄ of x transactions):
 *   ln Γ(px+q) - ln Γ(px) - ln Γ(q) + q ln v + (px-1) ln m̄ + px ln x - (px+q) ln(v + x m̄).
 */
function evaluator(data: SpendData): (p: number, q: number, v: number) => number {
  const nx = data.distinctFrequencies.length;
  const perX = new Float64Array(nx);
  return (p, q, v) => {
    if (!(p > 0 && q > 0 && v > 0)) return NaN;
    for (let k = 0; k < nx; k++) {
      const x = data.distinctFrequencies[k];
      perX[k] = lgamma(p * x + q) - lgamma(p * x) + p * x * log(x);
    }
    const constant = q * log(v) - lgamma(q);
    let total = 0;
    for (let i = 0; i < data.size; i++) {
      const px = p * data.frequency[i];
      total +=
        perX[data.frequencyIndex[i]] +
        constant +
        (px - 1) * data.logMonetary[i] -
        (px + q) * log(v + data.frequency[i] * data.monetary[i]);
    }
    return total;
  };
}

/** Total log-likelihood over the customers with x > 0 and m̄ > 0 (others are ignored). */
export function gammaGammaLogLikelihood(params: GammaGammaParams, customers: ReadonlyArray<FrequencyMonetary>): number {
  return evaluator(prepare(customers))(params.p, params.q, params.v);
}

/**
 * Maximum-likelihood fit on the customers with a repeat purchase. Default start p = q = 2 (so
 * the mean is finite) and v = mean spend, which makes the start scale-free in the money unit.
 */
export function fitGammaGamma(
  customers: ReadonlyArray<FrequencyMonetary>,
  options: FitOptions = {},
): FitResult<GammaGammaParams> {
  const data = prepare(customers);
  if (data.size === 0) throw new RangeError('Gamma-Gamma needs customers with frequency > 0 and monetary > 0');
  let meanSpend = 0;
  for (let i = 0; i < data.size; i++) meanSpend += data.monetary[i] / data.size;
  const evaluate = evaluator(data);
  const initial = options.initial ?? [2, 2, meanSpend];
  const fit = maximizePositiveParameters((x) => evaluate(x[0], x[1], x[2]) / data.size, initial, options);
  const [p, q, v] = fit.params;
  return {
    params: { p, q, v },
    logLikelihood: fit.meanLogLikelihood * data.size,
    customers: data.size,
    evaluations: fit.evaluations,
    converged: fit.converged,
  };
}

/** Population mean spend per transaction, E[M] = p v / (q - 1); infinite when q <= 1. */
export function gammaGammaPopulationMeanSpend(params: GammaGammaParams): number {
  return params.q > 1 ? (params.p * params.v) / (params.q - 1) : Infinity;
}

/**
 * Expected mean spend per future transaction given x repeat purchases with mean m̄
 * (Fader, Hardie & Lee 2005 RFM/CLV, eq. 5): p(v + x m̄) / (px + q - 1), a weighted average of
 * the population mean and the customer's own mean. For x = 0 it is the population mean.
 * Returns a float in the monetary unit; round with roundToMinorUnits at the output boundary.
 */
export function gammaGammaConditionalExpectedSpend(params: GammaGammaParams, customer: FrequencyMonetary): number {
  const { p, q, v } = params;
  if (!(q > 1)) throw new RangeError(`expected spend is infinite for q <= 1 (q = ${q})`);
  const x = customer.frequency;
  if (x === 0) return gammaGammaPopulationMeanSpend(params);
  return (p * (v + x * customer.monetary)) / (p * x + q - 1);
}
