/**
 * Quasi-Newton minimisation for the last digits of a smooth objective, started close to its
 * minimum with a Hessian estimate from a cheaper stand-in (the fit on a sample of customers).
 * Near a minimum Newton's method converges quadratically where Nelder-Mead only shrinks its
 * simplex linearly, so a handful of gradients replaces a few hundred simplex steps.
 *
 * - gradient by central differences, g_i = (f(x + h e_i) - f(x - h e_i)) / 2h (Nocedal & Wright,
 *   Numerical Optimization, 2nd ed. 2006, eq. 8.7), 2n evaluations;
 * - step p = -B⁻¹ g by Cholesky, accepted under the Armijo condition f(x + tp) <= f(x) + c t gᵀp
 *   with backtracking t = 1, 1/2, ... (N&W eq. 3.4, Algorithm 3.1);
 * - B refined by the BFGS update B += y yᵀ/(yᵀs) - B s sᵀ B/(sᵀB s) when yᵀs > 0 (N&W eq. 6.19);
 * - converged once the predicted decrease -gᵀp/2 = gᵀB⁻¹g/2 is at most fTolerance.
 *
 * Non-finite objective values count as +Infinity. Returns converged = false (with the best point
 * so far) when B is not positive definite, the gradient is not finite, the line search fails or
 * the iterations run out, so the caller can fall back to a derivative-free method.
 */
export interface QuasiNewtonOptions {
  /** Stop when the predicted decrease of f is at most this (absolute; default 1e-12). */
  readonly fTolerance?: number;
  /** Central-difference step h (default 1e-4). */
  readonly gradientStep?: number;
  /** Maximum Newton iterations (default 20). */
  readonly maxIterations?: number;
}

export interface QuasiNewtonResult {
  readonly x: number[];
  readonly fx: number;
  readonly evaluations: number;
  readonly converged: boolean;
}

type Objective = (x: Float64Array) => number;

const ARMIJO_C = 1e-4;
const MAX_HALVINGS = 20;

/**
 * Hessian by central differences (N&W eq. 8.21 with centred second differences), row-major n×n:
 * H_ii = (f(x+he_i) - 2f(x) + f(x-he_i)) / h², H_ij = (f(x+he_i+he_j) - f(x+he_i-he_j)
 * - f(x-he_i+he_j) + f(x-he_i-he_j)) / 4h². 2n² + 1 evaluations.
 */
export function finiteDifferenceHessian(f: Objective, x0: ArrayLike<number>, h: number): Float64Array {
  const n = x0.length;
  const x = Float64Array.from(x0);
  const at = (i: number, di: number, j: number, dj: number): number => {
    x[i] += di;
    x[j] += dj;
    const v = f(x);
    x[i] -= di;
    x[j] -= dj;
    return v;
  };
  const f0 = f(x);
  const hessian = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    hessian[i * n + i] = (at(i, h, i, 0) - 2 * f0 + at(i, -h, i, 0)) / (h * h);
    for (let j = 0; j < i; j++) {
      const v = (at(i, h, j, h) - at(i, h, j, -h) - at(i, -h, j, h) + at(i, -h, j, -h)) / (4 * h * h);
      hessian[i * n + j] = v;
      hessian[j * n + i] = v;
    }
  }
  return hessian;
}

/** Solves B p = g for symmetric B (row-major) by Cholesky; false if B is not positive definite. */
function choleskySolve(B: Float64Array, g: Float64Array, p: Float64Array): boolean {
  const n = g.length;
  const L = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      let sum = B[i * n + j];
      for (let k = 0; k < j; k++) sum -= L[i * n + k] * L[j * n + k];
      if (i === j) {
        if (!(sum > 0)) return false;
        L[i * n + i] = Math.sqrt(sum);
      } else L[i * n + j] = sum / L[j * n + j];
    }
  }
  for (let i = 0; i < n; i++) {
    let sum = g[i];
    for (let k = 0; k < i; k++) sum -= L[i * n + k] * p[k];
    p[i] = sum / L[i * n + i];
  }
  for (let i = n - 1; i >= 0; i--) {
    let sum = p[i];
    for (let k = i + 1; k < n; k++) sum -= L[k * n + i] * p[k];
    p[i] = sum / L[i * n + i];
  }
  return true;
}

function dot(a: Float64Array, b: Float64Array): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += a[i] * b[i];
  return sum;
}

/** Minimises f from x0 given a Hessian estimate (row-major n×n) at or near x0. */
export function quasiNewton(
  f: Objective,
  x0: ArrayLike<number>,
  hessian: Float64Array,
  options: QuasiNewtonOptions = {},
): QuasiNewtonResult {
  const fTol = options.fTolerance ?? 1e-12;
  const h = options.gradientStep ?? 1e-4;
  const maxIterations = options.maxIterations ?? 20;
  const n = x0.length;
  let evaluations = 0;
  const evaluate = (x: Float64Array): number => {
    evaluations += 1;
    const v = f(x);
    return Number.isFinite(v) ? v : Infinity;
  };
  const gradient = (x: Float64Array, out: Float64Array): void => {
    for (let i = 0; i < n; i++) {
      const xi = x[i];
      x[i] = xi + h;
      const up = evaluate(x);
      x[i] = xi - h;
      out[i] = (up - evaluate(x)) / (2 * h);
      x[i] = xi;
    }
  };
  const B = Float64Array.from(hessian);
  const x = Float64Array.from(x0);
  const g = new Float64Array(n);
  const p = new Float64Array(n);
  const trial = new Float64Array(n);
  const gTrial = new Float64Array(n);
  const s = new Float64Array(n);
  const y = new Float64Array(n);
  const Bs = new Float64Array(n);
  let fx = evaluate(x);
  gradient(x, g);
  const result = (converged: boolean): QuasiNewtonResult => ({ x: Array.from(x), fx, evaluations, converged });

  for (let iteration = 0; iteration < maxIterations; iteration++) {
    if (!choleskySolve(B, g, p)) return result(false);
    for (let i = 0; i < n; i++) p[i] = -p[i];
    const slope = dot(g, p);
    if (!Number.isFinite(slope)) return result(false);
    if (-slope / 2 <= fTol) return result(true);
    let t = 1;
    let fTrial = Infinity;
    for (let halving = 0; ; halving++) {
      for (let i = 0; i < n; i++) trial[i] = x[i] + t * p[i];
      fTrial = evaluate(trial);
      if (fTrial <= fx + ARMIJO_C * t * slope) break;
      if (halving === MAX_HALVINGS) return result(false);
      t /= 2;
    }
    gradient(trial, gTrial);
    for (let i = 0; i < n; i++) {
      s[i] = trial[i] - x[i];
      y[i] = gTrial[i] - g[i];
    }
    const sy = dot(s, y);
    if (sy > 0) {
      for (let i = 0; i < n; i++) {
        let sum = 0;
        for (let j = 0; j < n; j++) sum += B[i * n + j] * s[j];
        Bs[i] = sum;
      }
      const sBs = dot(s, Bs);
      for (let i = 0; i < n; i++)
        for (let j = 0; j < n; j++) B[i * n + j] += (y[i] * y[j]) / sy - (Bs[i] * Bs[j]) / sBs;
    }
    x.set(trial);
    g.set(gTrial);
    fx = fTrial;
  }
  return result(false);
}
