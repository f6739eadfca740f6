import { applyPlatt, fitPlatt } from './platt-scaling';

describe('fitPlatt', () => {
  it('recovers the maximum-likelihood logistic fit: fitted rate equals observed rate per score', () => {
    // Two score values, rates 1/4 and 3/4: the MLE reproduces both rates exactly.
    const scores = [0, 0, 0, 0, 1, 1, 1, 1];
    const labels = [1, 0, 0, 0, 1, 1, 1, 0];
    const s = fitPlatt(scores, labels);
    expect(applyPlatt(s, 0)).toBeCloseTo(0.25, 8);
    expect(applyPlatt(s, 1)).toBeCloseTo(0.75, 8);
    expect(s.slope).toBeCloseTo(2 * Math.log(3), 8);
  });
});
