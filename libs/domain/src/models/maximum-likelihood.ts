import { type NelderMeadOptions, nelderMead } from '../math/nelder-mead';
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
): { params: number[]; meanLogLikelihood: number; evaluations: number; converged: boolean } {
  for (const p of initial) {
    if (!(p > 0 && Number.isFinite(p)))
      throw new RangeError(`initial parameters must be positive, got ${initial.join(', ')}`);
  }
  const natural = new Float64Array(initial.length);
  const objective = (logParams: Float64Array): number => {
    for (let i = 0; i < logParams.length; i++) natural[i] = Math.exp(logParams[i]);
    return -meanLogLikelihood(natural);
  };
  const result = nelderMead(
    objective,
    initial.map((p) => Math.log(p)),
    { fTolerance: 1e-12, xTolerance: 1e-7, ...options },
  );
  return {
    params: result.x.map((v) => Math.exp(v)),
    meanLogLikelihood: -result.fx,
    evaluations: result.evaluations,
    converged: result.converged,
  };
}

/** Row count above which a fit first runs on a sample of rows to find a good start. */
export const WARM_START_ROWS = 5_000;

/**
 * Fits a per-row likelihood over compressed customers. Large inputs are first fitted on a
 * sample of about WARM_START_ROWS rows (loose tolerance), then polished on all rows from there
 * with a small simplex: most Nelder-Mead iterations happen on the cheap sample, which halves the
 * cost of a 100,000-customer fit without changing the optimum (checked in performance.spec).
 */
export function maximizeOverCustomers(
  data: CompressedCustomers,
  totalLogLikelihood: (data: CompressedCustomers) => (params: Float64Array) => number,
  initial: ReadonlyArray<number>,
  options: NelderMeadOptions,
): { params: number[]; meanLogLikelihood: number; evaluations: number; converged: boolean } {
  let start = initial;
  let warmEvaluations = 0;
  if (data.size > 2 * WARM_START_ROWS) {
    const sample = sampleRows(data, WARM_START_ROWS);
    const sampleLL = totalLogLikelihood(sample);
    const warm = maximizePositiveParameters((p) => sampleLL(p) / sample.customers, initial, {
      fTolerance: 1e-9,
      ...options,
      maxRestarts: 1,
    });
    start = warm.params;
    warmEvaluations = warm.evaluations;
  }
  const fullLL = totalLogLikelihood(data);
  const fit = maximizePositiveParameters((p) => fullLL(p) / data.customers, start, {
    // Warm-started: the sample fit already restarted once, so one small-simplex run suffices.
    ...(warmEvaluations > 0 ? { initialStep: 0.05, maxRestarts: 0 } : {}),
    ...options,
  });
  return { ...fit, evaluations: fit.evaluations + warmEvaluations };
}
