import { lgamma } from '../math/lgamma';
import { logAddExp } from '../math/log-sum-exp';
import { compressCustomers } from './compressed-customers';
import { logPowerProductIntegral } from './pareto-nbd-integral';
import { paretoNbdLogLikelihoodEvaluator } from './pareto-nbd-likelihood';

/** Eq. 19 of Fader & Hardie's Pareto/NBD note, one customer at a time, no shared terms. */
function rowLogLikelihood(r: number, alpha: number, s: number, beta: number, x: number, tx: number, T: number): number {
  const alive = -(r + x) * Math.log(alpha + T) - s * Math.log(beta + T);
  const died = Math.log(s) + logPowerProductIntegral(alpha, r + x, beta, s + 1, tx, T);
  return lgamma(r + x) - lgamma(r) + r * Math.log(alpha) + s * Math.log(beta) + logAddExp(alive, died);
}

/** Customers on a day grid in weeks, so times and (x, τ) pairs repeat as in real summaries. */
function customersOnDayGrid(count: number): Array<{ frequency: number; recency: number; T: number }> {
  let state = 12345;
  const next = (): number => {
    state = (Math.imul(state, 1103515245) + 12345) >>> 0;
    return state / 2 ** 32;
  };
  const out = [];
  for (let i = 0; i < count; i++) {
    const Tdays = 1 + Math.floor(next() * 300);
    const frequency = next() < 0.4 ? 0 : 1 + Math.floor(next() ** 3 * 40);
    // Some repeat buyers bought on the as-of day (t_x = T: no dropout term at all).
    const txDays = frequency === 0 ? 0 : next() < 0.05 ? Tdays : Math.floor(next() * (Tdays + 1));
    out.push({ frequency, recency: txDays / 7, T: Tdays / 7 });
  }
  return out;
}

describe('paretoNbdLogLikelihoodEvaluator', () => {
  const customers = customersOnDayGrid(3000);
  const data = compressCustomers(customers);
  const evaluate = paretoNbdLogLikelihoodEvaluator(data);

  it.each([
    [0.553, 10.578, 0.606, 11.669], // CDNOW optimum: α < β, binomial series for x = 0, 1
    [1.08, 5.02, 0.752, 33.3], // β >> α
    [2.5, 40, 0.4, 3], // α > β with s + 1 < 2: series part for every frequency
    [0.7, 8, 3, 8], // α = β
    [0.2, 0.5, 5, 200], // extreme offsets
  ])('equals the per-customer sum for r=%p alpha=%p s=%p beta=%p', (r, alpha, s, beta) => {
    let expected = 0;
    for (const c of customers) expected += rowLogLikelihood(r, alpha, s, beta, c.frequency, c.recency, c.T);
    expect(Math.abs(evaluate(r, alpha, s, beta) - expected)).toBeLessThan(1e-12 * Math.abs(expected));
  });

  it('is NaN outside the parameter space', () => {
    expect(evaluate(0, 1, 1, 1)).toBeNaN();
    expect(evaluate(1, 1, -1, 1)).toBeNaN();
  });
});
