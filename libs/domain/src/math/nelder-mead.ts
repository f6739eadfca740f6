/**
 * Nelder-Mead downhill simplex minimiser (Nelder & Mead 1965) with the standard coefficients
 * (reflection 1, expansion 2, contraction 0.5, shrink 0.5; Lagarias et al. 1998 variant with
 * inside/outside contraction), plus restarts: a converged simplex is rebuilt around its best
 * point and run again until a restart no longer improves the minimum, the usual remedy for the
 * method's premature collapse on curved valleys (Press et al., Numerical Recipes §10.5).
 *
 * Written here rather than taken from npm: the maintained packages either pull in large
 * dependency trees or are unmaintained, and the method fits in one small tested file.
 * Non-finite objective values are treated as +Infinity, so callers may return NaN outside the
 * parameter space.
 */
export interface NelderMeadOptions {
  /** Initial simplex edge per coordinate (default 0.5, suited to log-parameters). */
  readonly initialStep?: number;
  /** Stop when the simplex's function values differ by at most this much (absolute) ... */
  readonly fTolerance?: number;
  /** ... and its vertices lie within this distance of the best one in every coordinate. */
  readonly xTolerance?: number;
  /** Budget of objective evaluations across all restarts (default 20,000; a shrink step may overrun it by n). */
  readonly maxEvaluations?: number;
  /** Maximum restarts after the first convergence (default 5). */
  readonly maxRestarts?: number;
}

export interface NelderMeadResult {
  readonly x: number[];
  readonly fx: number;
  readonly evaluations: number;
  readonly restarts: number;
  /** False when the evaluation budget ran out before the tolerances were met. */
  readonly converged: boolean;
}

type Objective = (x: Float64Array) => number;

function finiteOrInfinity(v: number): number {
  return Number.isFinite(v) ? v : Infinity;
}

interface RunResult {
  fx: number;
  evaluations: number;
  converged: boolean;
}

/** One Nelder-Mead run from `start`, leaving the best point in `start`. */
function runSimplex(
  f: Objective,
  start: Float64Array,
  step: number,
  fTol: number,
  xTol: number,
  budget: number,
): RunResult {
  const n = start.length;
  const simplex: Float64Array[] = [];
  const values = new Float64Array(n + 1);
  const centroid = new Float64Array(n);
  const reflected = new Float64Array(n);
  const trial = new Float64Array(n);
  let evaluations = 0;
  const evaluate = (x: Float64Array): number => {
    evaluations += 1;
    return finiteOrInfinity(f(x));
  };

  for (let i = 0; i <= n; i++) {
    const vertex = Float64Array.from(start);
    if (i > 0) vertex[i - 1] += step;
    simplex.push(vertex);
    values[i] = evaluate(vertex);
  }
  const order = Array.from({ length: n + 1 }, (_, i) => i);

  let converged = false;
  while (evaluations < budget) {
    order.sort((p, q) => values[p] - values[q]);
    const best = order[0];
    const worst = order[n];
    const secondWorst = order[n - 1];

    let spreadF = 0;
    let spreadX = 0;
    for (let i = 1; i <= n; i++) {
      const v = simplex[order[i]];
      spreadF = Math.max(spreadF, Math.abs(values[order[i]] - values[best]));
      for (let j = 0; j < n; j++) spreadX = Math.max(spreadX, Math.abs(v[j] - simplex[best][j]));
    }
    if (spreadF <= fTol && spreadX <= xTol) {
      converged = true;
      break;
    }

    centroid.fill(0);
    for (let i = 0; i < n; i++) {
      const v = simplex[order[i]];
      for (let j = 0; j < n; j++) centroid[j] += v[j] / n;
    }
    const w = simplex[worst];
    for (let j = 0; j < n; j++) reflected[j] = centroid[j] + (centroid[j] - w[j]);
    const fr = evaluate(reflected);

    if (fr < values[best]) {
      for (let j = 0; j < n; j++) trial[j] = centroid[j] + 2 * (centroid[j] - w[j]);
      const fe = evaluate(trial);
      if (fe < fr) {
        w.set(trial);
        values[worst] = fe;
      } else {
        w.set(reflected);
        values[worst] = fr;
      }
      continue;
    }
    if (fr < values[secondWorst]) {
      w.set(reflected);
      values[worst] = fr;
      continue;
    }
    // Contraction: outside if the reflection improved on the worst point, inside otherwise.
    const outside = fr < values[worst];
    for (let j = 0; j < n; j++) {
      trial[j] = outside ? centroid[j] + 0.5 * (reflected[j] - centroid[j]) : centroid[j] + 0.5 * (w[j] - centroid[j]);
    }
    const fc = evaluate(trial);
    if (fc < (outside ? fr : values[worst])) {
      w.set(trial);
      values[worst] = fc;
      continue;
    }
    // Shrink every vertex towards the best one.
    const b = simplex[best];
    for (let i = 0; i <= n; i++) {
      if (i === best) continue;
      const v = simplex[i];
      for (let j = 0; j < n; j++) v[j] = b[j] + 0.5 * (v[j] - b[j]);
      values[i] = evaluate(v);
    }
  }

  let bestIndex = 0;
  for (let i = 1; i <= n; i++) if (values[i] < values[bestIndex]) bestIndex = i;
  start.set(simplex[bestIndex]);
  return { fx: values[bestIndex], evaluations, converged };
}

/** Minimises `f` from `x0`; see NelderMeadOptions for the stopping rules. */
export function nelderMead(f: Objective, x0: ArrayLike<number>, options: NelderMeadOptions = {}): NelderMeadResult {
  const step = options.initialStep ?? 0.5;
  const fTol = options.fTolerance ?? 1e-10;
  const xTol = options.xTolerance ?? 1e-8;
  const maxEvaluations = options.maxEvaluations ?? 20_000;
  const maxRestarts = options.maxRestarts ?? 5;
  if (x0.length === 0) throw new RangeError('nelderMead needs at least one parameter');

  const x = Float64Array.from(x0);
  let evaluations = 0;
  let run = runSimplex(f, x, step, fTol, xTol, maxEvaluations);
  evaluations += run.evaluations;
  let fx = run.fx;
  let converged = run.converged;
  let restarts = 0;
  while (converged && restarts < maxRestarts && evaluations < maxEvaluations) {
    restarts += 1;
    // A smaller simplex around the optimum: enough to escape a collapsed simplex, cheap to re-converge.
    run = runSimplex(f, x, step / 5, fTol, xTol, maxEvaluations - evaluations);
    evaluations += run.evaluations;
    converged = run.converged;
    const improvement = fx - run.fx;
    fx = Math.min(fx, run.fx);
    if (improvement <= fTol) break;
  }
  return { x: Array.from(x), fx, evaluations, restarts, converged };
}
