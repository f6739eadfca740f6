import { nelderMead } from './nelder-mead';

describe('nelderMead', () => {
  it('finds the minimum of the Rosenbrock valley', () => {
    const rosenbrock = (x: Float64Array): number => 100 * (x[1] - x[0] ** 2) ** 2 + (1 - x[0]) ** 2;
    const result = nelderMead(rosenbrock, [-1.2, 1], { fTolerance: 1e-14, xTolerance: 1e-10 });
    expect(result.converged).toBe(true);
    expect(result.x[0]).toBeCloseTo(1, 5);
    expect(result.x[1]).toBeCloseTo(1, 5);
  });

  it('minimises a shifted 4-d quadratic', () => {
    const centre = [3, -2, 0.5, 10];
    const f = (x: Float64Array): number => centre.reduce((s, c, i) => s + (i + 1) * (x[i] - c) ** 2, 0);
    const result = nelderMead(f, [0, 0, 0, 0], { initialStep: 1 });
    result.x.forEach((v, i) => expect(v).toBeCloseTo(centre[i], 4));
    expect(result.fx).toBeLessThan(1e-8);
  });

  it('treats NaN as +Infinity so the search stays in the feasible region', () => {
    const f = (x: Float64Array): number => (x[0] <= 0 ? NaN : (x[0] - 2) ** 2);
    const result = nelderMead(f, [1], {});
    expect(result.x[0]).toBeCloseTo(2, 5);
  });

  it('reports non-convergence when the evaluation budget runs out', () => {
    const f = (x: Float64Array): number => (x[0] - 100) ** 2;
    const result = nelderMead(f, [0], { maxEvaluations: 10 });
    expect(result.converged).toBe(false);
    expect(result.evaluations).toBeLessThanOrEqual(10);
  });
});
