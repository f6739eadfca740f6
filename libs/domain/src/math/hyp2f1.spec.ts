import fc from 'fast-check';
import { hyp2f1 } from './hyp2f1';

const z01 = fc.double({ min: 0, max: 0.95, noNaN: true });

describe('hyp2f1 (power series)', () => {
  it('is -ln(1-z)/z for (1, 1; 2)', () => {
    fc.assert(
      fc.property(fc.double({ min: 1e-6, max: 0.95, noNaN: true }), (z) => {
        expect(hyp2f1(1, 1, 2, z)).toBeCloseTo(-Math.log1p(-z) / z, 12);
      }),
    );
  });

  it('is (1-z)^(-a) when b = c', () => {
    fc.assert(
      fc.property(fc.double({ min: 0.01, max: 5, noNaN: true }), z01, (a, z) => {
        const exact = Math.pow(1 - z, -a);
        expect(Math.abs(hyp2f1(a, 3.3, 3.3, z) - exact)).toBeLessThan(1e-12 * exact);
      }),
    );
  });

  it('is arcsin(x)/x for (1/2, 1/2; 3/2; x²)', () => {
    for (const x of [0.1, 0.5, 0.9]) expect(hyp2f1(0.5, 0.5, 1.5, x * x)).toBeCloseTo(Math.asin(x) / x, 12);
  });

  it('terminates for a non-positive integer a', () => {
    const b = 1.7;
    const c = 2.9;
    const z = 0.8;
    const polynomial = 1 - (2 * b * z) / c + (b * (b + 1) * z * z) / (c * (c + 1));
    expect(hyp2f1(-2, b, c, z)).toBeCloseTo(polynomial, 14);
  });

  it('rejects arguments outside [0, 1) and poles in c', () => {
    expect(() => hyp2f1(1, 1, 2, 1)).toThrow(RangeError);
    expect(() => hyp2f1(1, 1, 2, -0.1)).toThrow(RangeError);
    expect(() => hyp2f1(1, 1, -1, 0.5)).toThrow(RangeError);
  });
});
