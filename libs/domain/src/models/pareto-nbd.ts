import { type FrequencyRecencyAge } from '../summary/frequency-recency-age';
import { type CompressedCustomers, asCompressed } from './compressed-customers';
import { type FitOptions, type FitResult, maximizeOverCustomers } from './maximum-likelihood';
import { logPowerProductIntegral } from './pareto-nbd-integral';
import { paretoNbdLogLikelihoodEvaluator } from './pareto-nbd-likelihood';

export { paretoNbdLogLikelihoodEvaluator };

// Bound once: inside Jest's vm sandbox every global lookup of `Math` costs ~200 ns, which
// dominated the likelihood loops; module constants are free in Node and in Jest alike.
const { exp, expm1, log, max } = Math;

/**
 * Pareto/NBD model (Schmittlein, Morrison & Colombo 1987, Management Science 33(1)), in the
 * formulation of Fader & Hardie, "A note on deriving the Pareto/NBD model and related
 * expressions" (2005). While alive a customer buys at Poisson rate λ ~ Gamma(r, α); lifetimes
 * are exponential with rate μ ~ Gamma(s, β).
 */
export interface ParetoNbdParams {
  readonly r: number;
  readonly alpha: number;
  readonly s: number;
  readonly beta: number;
}

/**
 * ln L for one customer split in its two parts (Fader & Hardie 2005 note, eq. 19):
 *   L = Γ(r+x) α^r β^s / Γ(r) · [ (α+T)^-(r+x) (β+T)^-s + s ∫_{t_x}^{T} (α+τ)^-(r+x) (β+τ)^-(s+1) dτ ]
 * The first bracket term is "still alive at T", the second "died in (t_x, T]"; the integral
 * equals their A0 / (r+s+x) (see pareto-nbd-integral.ts for the hypergeometric numerics).
 */
function logAliveTerm(p: ParetoNbdParams, x: number, T: number): number {
  return -(p.r + x) * log(p.alpha + T) - p.s * log(p.beta + T);
}

function logDiedTerm(p: ParetoNbdParams, x: number, tx: number, T: number): number {
  return log(p.s) + logPowerProductIntegral(p.alpha, p.r + x, p.beta, p.s + 1, tx, T);
}

export function paretoNbdLogLikelihood(
  params: ParetoNbdParams,
  customers: ReadonlyArray<FrequencyRecencyAge> | CompressedCustomers,
): number {
  return paretoNbdLogLikelihoodEvaluator(asCompressed(customers))(params.r, params.alpha, params.s, params.beta);
}

/** Maximum-likelihood fit; default start r = s = 1, α = β = mean T. */
export function fitParetoNbd(
  customers: ReadonlyArray<FrequencyRecencyAge> | CompressedCustomers,
  options: FitOptions = {},
): FitResult<ParetoNbdParams> {
  const data = asCompressed(customers);
  if (data.customers === 0) throw new RangeError('cannot fit Pareto/NBD to zero customers');
  const scale = max(data.meanT, 1e-3);
  const initial = options.initial ?? [1, scale, 1, scale];
  const fit = maximizeOverCustomers(
    data,
    (rows) => {
      const evaluate = paretoNbdLogLikelihoodEvaluator(rows);
      return (p) => evaluate(p[0], p[1], p[2], p[3]);
    },
    initial,
    options,
  );
  const [r, alpha, s, beta] = fit.params;
  return {
    params: { r, alpha, s, beta },
    logLikelihood: fit.meanLogLikelihood * data.customers,
    customers: data.customers,
    evaluations: fit.evaluations,
    converged: fit.converged,
  };
}

/**
 * P(alive | x, t_x, T) = the "alive at T" share of the likelihood (Fader & Hardie 2005 note,
 * eq. 20): alive / (alive + died).
 */
export function paretoNbdProbabilityAlive(params: ParetoNbdParams, customer: FrequencyRecencyAge): number {
  const { frequency: x, recency: tx, T } = customer;
  const alive = logAliveTerm(params, x, T);
  const died = logDiedTerm(params, x, tx, T);
  if (died === -Infinity) return 1;
  return 1 / (1 + exp(died - alive));
}

// [1 - (k / (k + t))^(s-1)] / (s - 1), stable near s = 1 where it tends to ln((k + t) / k).
function survivalRatioTerm(s: number, k: number, t: number): number {
  const logRatio = log(k) - log(k + t);
  const e = s - 1;
  return e === 0 ? -logRatio : -expm1(e * logRatio) / e;
}

/** Unconditional E[X(t)] = rβ/(α(s-1)) · [1 - (β/(β+t))^(s-1)] (Schmittlein et al. 1987, eq. 17). */
export function paretoNbdExpectedPurchases(params: ParetoNbdParams, t: number): number {
  if (!(t >= 0)) throw new RangeError(`t must be >= 0, got ${t}`);
  const { r, alpha, s, beta } = params;
  return ((r * beta) / alpha) * survivalRatioTerm(s, beta, t);
}

/**
 * E[Y(t) | x, t_x, T] = (r+x)(β+T) / ((α+T)(s-1)) · [1 - ((β+T)/(β+T+t))^(s-1)] · P(alive)
 * (Fader & Hardie 2005 note, eq. 22).
 */
export function paretoNbdConditionalExpectedPurchases(
  params: ParetoNbdParams,
  customer: FrequencyRecencyAge,
  t: number,
): number {
  if (!(t >= 0)) throw new RangeError(`t must be >= 0, got ${t}`);
  const { r, alpha, s, beta } = params;
  const { frequency: x, T } = customer;
  return (
    (((r + x) * (beta + T)) / (alpha + T)) *
    survivalRatioTerm(s, beta + T, t) *
    paretoNbdProbabilityAlive(params, customer)
  );
}
