import { finiteDifferenceHessian, quasiNewton } from './quasi-newton';

describe('finiteDifferenceHessian', () => {
  it('is exact (to rounding) on a quadratic', () => {
    const f = (x: Float64Array): number => 3 * x[0] ** 2 + 2 * x[0] * x[1] + 0.5 * x[1] ** 2 - x[1];
    const h = finiteDifferenceHessian(f, [0.3, -2], 1e-3);
    expect(Array.from(h).map((v) => Number(v.toFixed(6)))).toEqual([6, 2, 2, 1]);
  });
});

describe('quasiNewton', () => {
  const rosenbrock = (x: Float64Array): number => 100 * (x[1] - x[0] ** 2) ** 2 + (1 - x[0]) ** 2;

  it('polishes the Rosenbrock minimum from nearby with a Hessian taken elsewhere', () => {
    const hessian = finiteDifferenceHessian(rosenbrock, [0.95, 0.9], 1e-4);
    const result = quasiNewton(rosenbrock, [0.9, 0.8], hessian, { fTolerance: 1e-20, gradientStep: 1e-6 });
    expect(result.converged).toBe(true);
    expect(result.x[0]).toBeCloseTo(1, 6);
    expect(result.x[1]).toBeCloseTo(1, 6);
    expect(result.evaluations).toBeLessThan(200);
  });

  it('needs one step on a quadratic given its Hessian', () => {
    const f = (x: Float64Array): number => (x[0] - 3) ** 2 + 4 * (x[1] + 1) ** 2;
    const result = quasiNewton(f, [0, 0], Float64Array.from([2, 0, 0, 8]), { fTolerance: 1e-16 });
    expect(result.converged).toBe(true);
    expect(result.x[0]).toBeCloseTo(3, 6);
    expect(result.x[1]).toBeCloseTo(-1, 6);
    // Two gradients (2n each) and one line-search point, plus f at the start.
    expect(result.evaluations).toBe(2 * 4 + 1 + 1);
  });

  it('gives up, keeping the start, when the Hessian is not positive definite', () => {
    const result = quasiNewton(rosenbrock, [0.9, 0.8], Float64Array.from([1, 0, 0, -1]));
    expect(result.converged).toBe(false);
    expect(result.x).toEqual([0.9, 0.8]);
  });

  it('gives up when the objective is not finite around the start', () => {
    const result = quasiNewton(() => NaN, [1], Float64Array.from([1]));
    expect(result.converged).toBe(false);
  });
});
