import { type NelderMeadOptions, nelderMead } from '../math/nelder-mead';
import { finiteDifferenceHessian, quasiNewton } from '../math/quasi-newton';
import { type CompressedCustomers, sampleRows } from './compressed-customers';

export interface FitOptions extends NelderMeadOptions {
  /** Starting parameter values (natural scale). Defaults are model-specific. */
  readonly initial?: ReadonlyArray<number>;
}

export interface FitResult<P> {
  readonly params: P;
  /** Total log-likelihood at the optimum (sum over customers). */
  readonly logLikelihood: number;
  readonly customers: number;
  readonly evaluations: number;
  readonly converged: boolean;
}

interface MaximizationResult {
  params: number[];
  meanLogLikelihood: number;
  evaluations: number;
  converged: boolean;
}

/** Default tolerance on the mean log-likelihood per customer. */
const F_TOLERANCE = 1e-12;

/**
 * Maximises a log-likelihood over strictly positive parameters by running Nelder-Mead on their
 * logarithms: the search space becomes unconstrained and the simplex sees the parameters on the
 * relative scale on which they are identified (alpha in days is 7x alpha in weeks).
 *
 * `meanLogLikelihood` receives natural-scale parameters in a reused buffer and returns the mean
 * log-likelihood per customer (scale-free, so one tolerance suits any population size).
 */
export function maximizePositiveParameters(
  meanLogLikelihood: (params: Float64Array) => number,
  initial: ReadonlyArray<number>,
  options: NelderMeadOptions,
): MaximizationResult {
  for (const p of initial) {
    if (!(p > 0 && Number.isFinite(p)))
      throw new RangeError(`initial parameters must be positive, got ${initial.join(', ')}`);
  }
  const result = nelderMead(
    negatedInLogSpace(meanLogLikelihood, initial.length),
    initial.map((p) => Math.log(p)),
    { fTolerance: F_TOLERANCE, xTolerance: 1e-7, ...options },
  );
  return {
    params: result.x.map((v) => Math.exp(v)),
    meanLogLikelihood: -result.fx,
    evaluations: result.evaluations,
    converged: result.converged,
  };
}

/** The objective the minimisers see: -meanLogLikelihood at exp(logParams). */
function negatedInLogSpace(
  meanLogLikelihood: (params: Float64Array) => number,
  n: number,
): (logParams: Float64Array) => number {
  const natural = new Float64Array(n);
  return (logParams) => {
    for (let i = 0; i < n; i++) natural[i] = Math.exp(logParams[i]);
    return -meanLogLikelihood(natural);
  };
}

/** Row count above which a fit first runs on a sample of rows to find a good start. */
export const WARM_START_ROWS = 5_000;

/**
 * Central-difference step for the sample Hessian, in log-parameters: balances truncation (h²)
 * against rounding (noise / h²) well enough for a starting estimate that BFGS then refines.
 */
const HESSIAN_STEP = 1e-3;

/**
 * Fits a per-row likelihood over compressed customers. Large inputs are first fitted on a
 * sample of about WARM_START_ROWS rows by Nelder-Mead, to a loose tolerance: the sample's
 * maximiser is itself a sampling error (a few percent) away from the full one. The full data
 * then only see a quasi-Newton polish (math/quasi-newton.ts) whose starting Hessian is the
 * sample's: both objectives are means per customer, so their curvatures agree to a few percent,
 * and 3-4 iterations of 2n + 1 evaluations reach the fTolerance that a restarted simplex needed
 * ~250 full evaluations for. Should the polish fail (curvature not positive definite at the
 * warm start, line search stuck), a small-simplex Nelder-Mead run polishes from its best point.
 * Both agree with the former all-Nelder-Mead fit to optimizer tolerance (performance.spec).
 */
export function maximizeOverCustomers(
  data: CompressedCustomers,
  totalLogLikelihood: (data: CompressedCustomers) => (params: Float64Array) => number,
  initial: ReadonlyArray<number>,
  options: NelderMeadOptions,
): MaximizationResult {
  const fullLL = totalLogLikelihood(data);
  const fullMean = (p: Float64Array): number => fullLL(p) / data.customers;
  if (data.size <= 2 * WARM_START_ROWS) return maximizePositiveParameters(fullMean, initial, options);

  const sample = sampleRows(data, WARM_START_ROWS);
  const sampleLL = totalLogLikelihood(sample);
  const sampleMean = (p: Float64Array): number => sampleLL(p) / sample.customers;
  const warm = maximizePositiveParameters(sampleMean, initial, {
    fTolerance: 1e-6,
    xTolerance: 1e-3,
    ...options,
    maxRestarts: 1,
  });
  const n = initial.length;
  const logStart = warm.params.map((p) => Math.log(p));
  const hessian = finiteDifferenceHessian(negatedInLogSpace(sampleMean, n), logStart, HESSIAN_STEP);
  const polish = quasiNewton(negatedInLogSpace(fullMean, n), logStart, hessian, {
    fTolerance: options.fTolerance ?? F_TOLERANCE,
  });
  const evaluations = warm.evaluations + 2 * n * n + 1 + polish.evaluations;
  if (polish.converged) {
    return {
      params: polish.x.map((v) => Math.exp(v)),
      meanLogLikelihood: -polish.fx,
      evaluations,
      converged: true,
    };
  }
  const fit = maximizePositiveParameters(
    fullMean,
    polish.x.map((v) => Math.exp(v)),
    { initialStep: 0.05, maxRestarts: 0, ...options },
  );
  return { ...fit, evaluations: fit.evaluations + evaluations };
}
