/**
 * Gauss hypergeometric function 2F1(a, b; c; z) by its defining power series
 * Σ (a)_n (b)_n / ((c)_n n!) z^n (Abramowitz & Stegun 15.1.1), for 0 <= z < 1.
 *
 * The series converges geometrically with ratio z, so it needs about 37 / (1 - z) terms near
 * z = 1. The models call it only where z stays away from 1 or after transformations that keep
 * the terms bounded (BG/NBD expectations, see bg-nbd.ts; the Pareto/NBD likelihood avoids it,
 * see pareto-nbd-integral.ts). Allocation-free.
 */
// Bound once: inside Jest's vm sandbox every global lookup of `Math` costs ~200 ns, which
// dominated the likelihood loops; module constants are free in Node and in Jest alike.
const { abs } = Math;

export const HYP2F1_MAX_TERMS = 1_000_000;

export function hyp2f1(a: number, b: number, c: number, z: number): number {
  if (!(z >= 0 && z < 1)) throw new RangeError(`hyp2f1 series needs 0 <= z < 1, got ${z}`);
  if (c <= 0 && Number.isInteger(c)) throw new RangeError(`hyp2f1 is undefined for c = ${c}`);
  let term = 1;
  let sum = 1;
  for (let n = 0; n < HYP2F1_MAX_TERMS; n++) {
    term *= (((a + n) * (b + n)) / ((c + n) * (n + 1))) * z;
    sum += term;
    // Stop once a term no longer changes the sum and the terms are shrinking for good: the ratio
    // tends to z < 1, and (a+n)(b+n)/((c+n)(n+1)) < 1 means every later ratio is below 1 as well
    // once n exceeds the parameters.
    if (abs(term) <= 1e-17 * abs(sum) && n > abs(a) + abs(b)) return sum;
    if (term === 0) return sum; // a or b a non-positive integer: the series terminated
  }
  throw new RangeError(`hyp2f1(${a}, ${b}; ${c}; ${z}) did not converge in ${HYP2F1_MAX_TERMS} terms`);
}
