import fc from 'fast-check';
import { lbeta, lgamma } from './lgamma';

describe('lgamma', () => {
  it('is ln((n-1)!) at positive integers', () => {
    let logFactorial = 0;
    for (let n = 1; n <= 170; n++) {
      expect(Math.abs(lgamma(n) - logFactorial)).toBeLessThan(1e-13 * Math.max(1, logFactorial));
      logFactorial += Math.log(n);
    }
  });

  it('matches Γ(1/2) = √π and Γ(-1/2) = -2√π (reflection)', () => {
    expect(lgamma(0.5)).toBeCloseTo(0.5 * Math.log(Math.PI), 14);
    expect(lgamma(-0.5)).toBeCloseTo(Math.log(2 * Math.sqrt(Math.PI)), 14);
  });

  it('satisfies Γ(x + 1) = x Γ(x)', () => {
    fc.assert(
      fc.property(fc.double({ min: 1e-3, max: 1e4, noNaN: true }), (x) => {
        expect(Math.abs(lgamma(x + 1) - lgamma(x) - Math.log(x))).toBeLessThan(
          1e-12 * Math.max(1, Math.abs(lgamma(x + 1))),
        );
      }),
    );
  });

  it('has poles at non-positive integers', () => {
    expect(lgamma(0)).toBe(Infinity);
    expect(lgamma(-3)).toBe(Infinity);
    expect(lgamma(NaN)).toBeNaN();
  });

  it('gives ln B(a, b) with B(1, b) = 1 / b', () => {
    expect(lbeta(1, 4)).toBeCloseTo(-Math.log(4), 13);
    expect(lbeta(2.5, 1.5)).toBeCloseTo(lbeta(1.5, 2.5), 14);
  });
});
