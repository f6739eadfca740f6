import fc from 'fast-check';
import { hyp2f1 } from '../math/hyp2f1';
import { lgamma } from '../math/lgamma';
import {
  bgNbdConditionalExpectedPurchases,
  bgNbdExpectedPurchases,
  bgNbdLogLikelihood,
  bgNbdProbabilityAlive,
} from './bg-nbd';
import { compressCustomers } from './compressed-customers';

const params = { r: 0.243, alpha: 4.41, a: 0.793, b: 2.43 };

/** Eq. 6 of Fader, Hardie & Lee (2005) written out directly, per customer. */
function naiveLogLikelihood(x: number, tx: number, T: number): number {
  const { r, alpha, a, b } = params;
  const a1 = lgamma(r + x) - lgamma(r) + r * Math.log(alpha);
  const a2 = lgamma(a + b) + lgamma(b + x) - lgamma(b) - lgamma(a + b + x);
  const a3 = -(r + x) * Math.log(alpha + T);
  const a4 = x > 0 ? Math.log(a) - Math.log(b + x - 1) - (r + x) * Math.log(alpha + tx) : -Infinity;
  return a1 + a2 + Math.log(Math.exp(a3) + Math.exp(a4));
}

describe('BG/NBD', () => {
  const customers = [
    { frequency: 0, recency: 0, T: 30 },
    { frequency: 0, recency: 0, T: 30 },
    { frequency: 2, recency: 20, T: 30 },
    { frequency: 7, recency: 29, T: 39 },
    { frequency: 2, recency: 20, T: 30 },
  ];

  it('compressed log-likelihood equals the sum of the per-customer formula', () => {
    const naive = customers.reduce((s, c) => s + naiveLogLikelihood(c.frequency, c.recency, c.T), 0);
    expect(compressCustomers(customers).size).toBe(3);
    expect(bgNbdLogLikelihood(params, customers)).toBeCloseTo(naive, 10);
  });

  it('P(alive) is 1 without repeat purchases and falls as the customer stays silent', () => {
    expect(bgNbdProbabilityAlive(params, { frequency: 0, recency: 0, T: 10 })).toBe(1);
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 50 }), fc.double({ min: 0, max: 30, noNaN: true }), (x, tx) => {
        const early = bgNbdProbabilityAlive(params, { frequency: x, recency: tx, T: 30 });
        const late = bgNbdProbabilityAlive(params, { frequency: x, recency: tx, T: 60 });
        expect(late).toBeLessThanOrEqual(early);
        expect(late).toBeGreaterThan(0);
      }),
    );
  });

  it('conditional expectation matches eq. 10 without the Euler transformation', () => {
    const { r, alpha, a, b } = params;
    for (const [x, tx, T, t] of [
      [2, 30.43, 38.86, 39],
      [5, 20, 30, 10],
      [0, 0, 12, 52],
    ]) {
      const z = t / (alpha + T + t);
      const direct =
        (((a + b + x - 1) / (a - 1)) *
          (1 - Math.pow((alpha + T) / (alpha + T + t), r + x) * hyp2f1(r + x, b + x, a + b + x - 1, z))) /
        (1 + (x > 0 ? (a / (b + x - 1)) * Math.pow((alpha + T) / (alpha + tx), r + x) : 0));
      expect(bgNbdConditionalExpectedPurchases(params, { frequency: x, recency: tx, T }, t)).toBeCloseTo(direct, 10);
    }
  });

  it('E[X(t)] starts at 0, grows with t, and equals the conditional expectation of a brand-new customer', () => {
    expect(bgNbdExpectedPurchases(params, 0)).toBe(0);
    let previous = 0;
    for (const t of [0.5, 1, 5, 20, 100]) {
      const value = bgNbdExpectedPurchases(params, t);
      expect(value).toBeGreaterThan(previous);
      expect(value).toBeCloseTo(bgNbdConditionalExpectedPurchases(params, { frequency: 0, recency: 0, T: 0 }, t), 12);
      previous = value;
    }
  });
});
