import { hyp2f1 } from '../math/hyp2f1';
import { lgamma } from '../math/lgamma';
import { type FrequencyRecencyAge } from '../summary/frequency-recency-age';
import { type CompressedCustomers, asCompressed } from './compressed-customers';
import { type FitOptions, type FitResult, maximizeOverCustomers } from './maximum-likelihood';

// Bound once: inside Jest's vm sandbox every global lookup of `Math` costs ~200 ns, which
// dominated the likelihood loops; module constants are free in Node and in Jest alike.
const { abs, exp, log, log1p, max, pow } = Math;

/**
 * BG/NBD model (Fader, Hardie & Lee 2005, "Counting your customers the easy way: an alternative
 * to the Pareto/NBD model", Marketing Science 24(2); equation numbers below refer to it).
 * While active, a customer buys as a Poisson process with rate λ ~ Gamma(r, α); after each
 * purchase they drop out with probability p ~ Beta(a, b).
 */
export interface BgNbdParams {
  readonly r: number;
  readonly alpha: number;
  readonly a: number;
  readonly b: number;
}

/**
 * Returns an allocation-free evaluator of the total log-likelihood (eq. 6) over compressed
 * customers. Terms that depend only on x (the gamma-function ratios of A1 and A2 and the
 * ln a - ln(b + x - 1) of A4) are computed once per distinct frequency per call.
 */
export function bgNbdLogLikelihoodEvaluator(
  data: CompressedCustomers,
): (r: number, alpha: number, a: number, b: number) => number {
  const nx = data.distinctFrequencies.length;
  const perX = new Float64Array(nx);
  const perXA4 = new Float64Array(nx);
  return (r, alpha, a, b) => {
    if (!(r > 0 && alpha > 0 && a > 0 && b > 0)) return NaN;
    const lgR = lgamma(r);
    const lgB = lgamma(b);
    const lgAB = lgamma(a + b);
    const logA = log(a);
    for (let k = 0; k < nx; k++) {
      const x = data.distinctFrequencies[k];
      // A1 without r ln α, plus A2 = ln B(a, b + x) - ln B(a, b).
      perX[k] = lgamma(r + x) - lgR + lgAB + lgamma(b + x) - lgB - lgamma(a + b + x);
      perXA4[k] = x > 0 ? logA - log(b + x - 1) : 0;
    }
    const rLogAlpha = r * log(alpha);
    let total = 0;
    for (let i = 0; i < data.size; i++) {
      const x = data.frequency[i];
      const k = data.frequencyIndex[i];
      const a3 = -(r + x) * log(alpha + data.T[i]);
      let tail = a3;
      if (x > 0) {
        const a4 = perXA4[k] - (r + x) * log(alpha + data.recency[i]);
        tail = a3 > a4 ? a3 + log1p(exp(a4 - a3)) : a4 + log1p(exp(a3 - a4));
      }
      total += data.weight[i] * (rLogAlpha + perX[k] + tail);
    }
    return total;
  };
}

/** Total log-likelihood of the customers under the parameters (eq. 6). */
export function bgNbdLogLikelihood(
  params: BgNbdParams,
  customers: ReadonlyArray<FrequencyRecencyAge> | CompressedCustomers,
): number {
  return bgNbdLogLikelihoodEvaluator(asCompressed(customers))(params.r, params.alpha, params.a, params.b);
}

/**
 * Maximum-likelihood fit. Default start r = a = b = 1 and alpha = mean T, which puts the initial
 * purchase rate on the data's time scale whatever the unit.
 */
export function fitBgNbd(
  customers: ReadonlyArray<FrequencyRecencyAge> | CompressedCustomers,
  options: FitOptions = {},
): FitResult<BgNbdParams> {
  const data = asCompressed(customers);
  if (data.customers === 0) throw new RangeError('cannot fit BG/NBD to zero customers');
  const initial = options.initial ?? [1, max(data.meanT, 1e-3), 1, 1];
  const fit = maximizeOverCustomers(
    data,
    (rows) => {
      const evaluate = bgNbdLogLikelihoodEvaluator(rows);
      return (p) => evaluate(p[0], p[1], p[2], p[3]);
    },
    initial,
    options,
  );
  const [r, alpha, a, b] = fit.params;
  return {
    params: { r, alpha, a, b },
    logLikelihood: fit.meanLogLikelihood * data.customers,
    customers: data.customers,
    evaluations: fit.evaluations,
    converged: fit.converged,
  };
}

/**
 * P(alive | x, t_x, T) (Fader, Hardie & Lee 2008 note "Computing P(alive) using the BG/NBD
 * model", eq. 2): 1 / (1 + δ(x>0) · a / (b + x - 1) · ((α + T) / (α + t_x))^(r + x)).
 * Customers without a repeat purchase get 1: the model assumes no drop-out before the first
 * repeat purchase (the known weakness the CDNOW README mentions).
 */
export function bgNbdProbabilityAlive(params: BgNbdParams, customer: FrequencyRecencyAge): number {
  const { r, alpha, a, b } = params;
  const { frequency: x, recency: tx, T } = customer;
  if (x === 0) return 1;
  const logOdds = log(a) - log(b + x - 1) + (r + x) * (log(alpha + T) - log(alpha + tx));
  return 1 / (1 + exp(logOdds));
}

// (a - 1) appears as a divisor in eqs. 7 and 10; both brackets vanish at a = 1 as well, so a tiny
// offset evaluates the removable singularity to about 1e-9 relative accuracy.
function safeAMinusOne(a: number): number {
  const d = a - 1;
  return abs(d) < 1e-9 ? (d < 0 ? -1e-9 : 1e-9) : d;
}

/**
 * The bracket 1 - ((α+T)/(α+T+t))^(r+x) · 2F1(r+x, b+x; a+b+x-1; z), z = t/(α+T+t), shared by
 * eqs. 7 (x = 0, T = 0) and 10. Euler's transformation (Abramowitz & Stegun 15.3.3) rewrites it
 * as 1 - (1-z)^(a-1) · 2F1(a+b-1-r, a-1; a+b+x-1; z), whose parameters do not grow with x, so
 * the series neither overflows for heavy buyers nor needs more terms for them.
 */
function expectationBracket(params: BgNbdParams, x: number, T: number, t: number): number {
  const { r, alpha, a, b } = params;
  const z = t / (alpha + T + t);
  const oneMinusZ = (alpha + T) / (alpha + T + t);
  return 1 - pow(oneMinusZ, a - 1) * hyp2f1(a + b - 1 - r, a - 1, a + b + x - 1, z);
}

/** Unconditional expected number of purchases in (0, t] for a new customer, E[X(t)] (eq. 7). */
export function bgNbdExpectedPurchases(params: BgNbdParams, t: number): number {
  if (!(t >= 0)) throw new RangeError(`t must be >= 0, got ${t}`);
  if (t === 0) return 0;
  const { a, b } = params;
  return ((a + b - 1) / safeAMinusOne(a)) * expectationBracket(params, 0, 0, t);
}

/**
 * Expected purchases in the next t time units for a customer with history (x, t_x, T),
 * E[Y(t) | x, t_x, T] (eq. 10).
 */
export function bgNbdConditionalExpectedPurchases(
  params: BgNbdParams,
  customer: FrequencyRecencyAge,
  t: number,
): number {
  if (!(t >= 0)) throw new RangeError(`t must be >= 0, got ${t}`);
  if (t === 0) return 0;
  const { a, b } = params;
  const { frequency: x, T } = customer;
  const lead = (a + b + x - 1) / safeAMinusOne(a);
  return lead * expectationBracket(params, x, T, t) * bgNbdProbabilityAlive(params, customer);
}
