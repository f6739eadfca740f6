import { hyp2f1 } from '../math/hyp2f1';
import { logPowerProductIntegral } from './pareto-nbd-integral';

/** Adaptive Simpson on u = ln(B + τ), which flattens the peak at τ = 0 when an offset is tiny. */
function numericIntegral(a1: number, p1: number, a2: number, p2: number, t1: number, t2: number): number {
  const B = Math.min(a1, a2);
  const g = (u: number): number => {
    const tau = Math.exp(u) - B;
    return Math.exp(u) * Math.pow(a1 + tau, -p1) * Math.pow(a2 + tau, -p2);
  };
  const simpson = (a: number, b: number, fa: number, fm: number, fb: number): number =>
    ((b - a) / 6) * (fa + 4 * fm + fb);
  const adapt = (a: number, b: number, fa: number, fm: number, fb: number, whole: number, depth: number): number => {
    const m = (a + b) / 2;
    const lm = (a + m) / 2;
    const rm = (m + b) / 2;
    const flm = g(lm);
    const frm = g(rm);
    const left = simpson(a, m, fa, flm, fm);
    const right = simpson(m, b, fm, frm, fb);
    if (depth > 40 || Math.abs(left + right - whole) <= 1e-13 * Math.abs(left + right))
      return left + right + (left + right - whole) / 15;
    return adapt(a, m, fa, flm, fm, left, depth + 1) + adapt(m, b, fm, frm, fb, right, depth + 1);
  };
  const a = Math.log(B + t1);
  const b = Math.log(B + t2);
  const fa = g(a);
  const fb = g(b);
  const fm = g((a + b) / 2);
  return adapt(a, b, fa, fm, fb, simpson(a, b, fa, fm, fb), 0);
}

/** Fader & Hardie's closed form A0 / (r+s+x) via the plain 2F1 series (fine when z is small). */
function closedForm(alpha: number, rx: number, beta: number, s1: number, t1: number, t2: number): number {
  const m = rx + s1 - 1;
  const [big, b2] = alpha >= beta ? [alpha, s1] : [beta, rx];
  const d = Math.abs(alpha - beta);
  const term = (t: number): number => hyp2f1(m, b2, m + 1, d / (big + t)) / Math.pow(big + t, m);
  return (term(t1) - term(t2)) / m;
}

describe('logPowerProductIntegral (Pareto/NBD dropout integral)', () => {
  const cases: Array<[number, number, number, number, number, number]> = [
    [10.58, 0.553, 11.67, 1.606, 0, 38.86], // CDNOW optimum, x = 0
    [10.58, 2.553, 11.67, 1.606, 30.43, 38.86],
    [11.67, 1.606, 10.58, 2.553, 30.43, 38.86], // mirrored (alpha < beta branch)
    [5000, 1.2, 0.01, 1.5, 0, 40], // z -> 1: binomial-series regime
    [0.01, 3.5, 5000, 2, 0, 40],
    [200, 40.3, 0.5, 2, 3, 300], // large M, both regimes
    [1, 1, 1, 1, 0, 10], // equal offsets: (1+τ)^-2 integrates to 1 - 1/11
    [50, 2, 1, 3, 0.5, 20], // integer exponents (degenerate connection constants)
    [200, 40.3, 0.5, 1.3, 3, 300], // Q < 2 with large M: series and continued fraction
    [0.5, 1, 80, 1.4, 0, 50], // Q = 1 exactly: the log term of the binomial series
    [6, 80.8, 100, 1.1, 0, 104], // many repeat purchases, beta >> alpha
  ];

  it.each(cases)('matches adaptive quadrature for a1=%p p1=%p a2=%p p2=%p on [%p, %p]', (a1, p1, a2, p2, t1, t2) => {
    const expected = numericIntegral(a1, p1, a2, p2, t1, t2);
    const actual = Math.exp(logPowerProductIntegral(a1, p1, a2, p2, t1, t2));
    expect(Math.abs(actual - expected)).toBeLessThan(1e-9 * expected);
  });

  it('agrees with the Fader-Hardie hypergeometric closed form where its series converges', () => {
    for (const [alpha, rx, beta, s1, t1, t2] of [
      [10.58, 2.553, 11.67, 1.606, 30.43, 38.86],
      [12, 0.7, 9, 1.2, 0, 20],
      [3, 5.5, 4, 1.9, 1, 2],
    ]) {
      const exact = closedForm(alpha, rx, beta, s1, t1, t2);
      expect(Math.abs(Math.exp(logPowerProductIntegral(alpha, rx, beta, s1, t1, t2)) - exact)).toBeLessThan(
        1e-11 * exact,
      );
    }
  });

  it('is -Infinity (zero) on an empty interval and grows with the interval', () => {
    expect(logPowerProductIntegral(2, 1, 3, 1.5, 5, 5)).toBe(-Infinity);
    expect(logPowerProductIntegral(2, 1, 3, 1.5, 0, 10)).toBeGreaterThan(logPowerProductIntegral(2, 1, 3, 1.5, 1, 10));
  });
});
