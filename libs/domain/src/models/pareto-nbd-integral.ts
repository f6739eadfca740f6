import { logAddExp, logSubExp } from '../math/log-sum-exp';

// Bound once: inside Jest's vm sandbox every global lookup of `Math` costs ~200 ns, which
// dominated the likelihood loops; module constants are free in Node and in Jest alike.
const { abs, exp, expm1, log, max, min } = Math;
const MINUS_INFINITY = -Infinity;

/**
 * ln ∫_{t1}^{t2} (a1 + τ)^(-p1) (a2 + τ)^(-p2) dτ for a1, a2, p1, p2 > 0 and 0 <= t1 <= t2.
 *
 * This integral is the "dropped out between t_x and T" part of the Pareto/NBD likelihood:
 * with a1 = α, p1 = r + x, a2 = β, p2 = s + 1 it equals A0 / (r + s + x) of Fader & Hardie's
 * note "A note on deriving the Pareto/NBD model and related expressions" (2005, eq. 19 ff.).
 * Their closed form uses 2F1(r+s+x, s+1; r+s+x+1; (α-β)/(α+t)) when α >= β and the mirrored
 * 2F1(r+s+x, r+x; ...; (β-α)/(β+t)) when α < β, so the argument is always in [0, 1). That
 * argument still approaches 1 when one of α, β is much smaller than the other, where the series
 * needs ~1/(1-z) terms and cancels badly. We therefore evaluate, with A = max(a1, a2) (exponent
 * P), B = min (exponent Q), M = P + Q - 1, y(τ) = (B+τ)/(A+τ) = 1 - z:
 *
 * - where z < (M+1)/(P+2): their antiderivative -(A+τ)^(-M) 2F1(M, Q; M+1; z) / M, evaluated
 *   as an incomplete beta function by its continued fraction (see logAbsAntiderivative), which
 *   needs few terms there even close to z = 1;
 * - beyond (z near 1, only possible when Q < 2): the substitution y = (B+τ)/(A+τ) turns the integral into
 *   (A-B)^(-M) ∫ y^(-Q) (1-y)^(M-1) dy, integrated term by term after expanding (1-y)^(M-1)
 *   binomially; with M·y <= 2 the expansion converges fast and cancels at most e^4.
 *
 * y* = min(1/2, 2/M, (2-Q)/(P+2)) splits the interval, each piece is computed in log space,
 * and the pieces are added. Allocation-free. The pieces are exported so that the likelihood
 * evaluator can reuse antiderivative values shared by many customers.
 */
export function logPowerProductIntegral(
  a1: number,
  p1: number,
  a2: number,
  p2: number,
  t1: number,
  t2: number,
): number {
  if (!(t2 > t1)) return MINUS_INFINITY;
  const swap = a1 < a2;
  const A = swap ? a2 : a1;
  const P = swap ? p2 : p1;
  const B = swap ? a1 : a2;
  const Q = swap ? p1 : p2;
  const M = P + Q - 1;
  const tauStar = seriesSplitPoint(A, B, P, Q, M);
  let result = MINUS_INFINITY;
  if (tauStar > t1) {
    result = logBinomialSeriesPart(A, B, Q, M, t1, min(t2, tauStar));
  }
  if (tauStar < t2) {
    const from = max(t1, tauStar);
    const upper = logAbsAntiderivative(A, B, Q, M, from, log(A + from), log(B + from));
    const lower = logAbsAntiderivative(A, B, Q, M, t2, log(A + t2), log(B + t2));
    result = addAntiderivativeDifference(result, upper, lower);
  }
  return result;
}

/**
 * τ* at which y(τ) = y*, with A = max(a1, a2) of exponent P and B = min of exponent Q: [t1, τ*]
 * is the z-near-1 part left to the binomial series (y increases with τ); -Infinity when the
 * continued fraction covers everything. The continued fraction is fast for z < (M+1)/(P+2),
 * i.e. everywhere when Q >= 2; beyond that point (only possible for Q < 2, where the binomial
 * series is cheap) the series takes over.
 */
export function seriesSplitPoint(A: number, B: number, P: number, Q: number, M: number): number {
  const yStar = Q < 2 ? min(0.5, 2 / M, (2 - Q) / (P + 2)) : 0;
  return A > B && yStar > 0 ? (A * yStar - B) / (1 - yStar) : MINUS_INFINITY;
}

/** ln(e^acc + |H(from)| - |H(to)|) from the log-antiderivatives upper = ln|H(from)|, lower = ln|H(to)|. */
export function addAntiderivativeDifference(acc: number, upper: number, lower: number): number {
  // |H| decreases in τ; rounding can make a vanishing difference slightly negative.
  return logAddExp(acc, upper > lower ? logSubExp(upper, lower) : MINUS_INFINITY);
}

/**
 * ln |H(τ)| where H(τ) = -(A+τ)^(-M) 2F1(M, Q; M+1; z) / M = -(A-B)^(-M) B_z(M, 1-Q), using
 * B_z(a, b) = z^a 2F1(a, 1-b; a+1; z) / a (A&S 26.5.23 with 15.1.1). The incomplete beta comes
 * from its continued fraction (A&S 26.5.8; modified Lentz as in Numerical Recipes §6.4), valid
 * for b = 1-Q <= 0 too, and fast for z < (M+1)/(P+2), which covers the whole z-regime for
 * Q >= 1; elsewhere M is small and the binomial series takes z near 1. Written with
 * ln z = ln(A-B) - ln(A+τ) folded in, so A = B needs no special case:
 *   ln|H| = -M ln(A+τ) + (1-Q) ln((B+τ)/(A+τ)) + ln(cf) - ln M.
 * The caller passes ln(A+τ) and ln(B+τ), which the likelihood evaluator keeps per distinct τ.
 */
export function logAbsAntiderivative(
  A: number,
  B: number,
  Q: number,
  M: number,
  tau: number,
  logAPlusTau: number,
  logBPlusTau: number,
): number {
  const logY = logBPlusTau - logAPlusTau;
  const z = (A - B) / (A + tau);
  return -M * logAPlusTau + (1 - Q) * logY + log(incompleteBetaContinuedFraction(M, 1 - Q, z)) - log(M);
}

const TINY = 1e-300;

/** The continued fraction cf with B_x(a, b) = x^a (1-x)^b cf / a (modified Lentz). */
function incompleteBetaContinuedFraction(a: number, b: number, x: number): number {
  const qab = a + b;
  const qap = a + 1;
  const qam = a - 1;
  let c = 1;
  let d = 1 - (qab * x) / qap;
  if (abs(d) < TINY) d = TINY;
  d = 1 / d;
  let h = d;
  for (let m = 1; m <= 100_000; m++) {
    const m2 = 2 * m;
    let aa = (m * (b - m) * x) / ((qam + m2) * (a + m2));
    d = 1 + aa * d;
    if (abs(d) < TINY) d = TINY;
    c = 1 + aa / c;
    if (abs(c) < TINY) c = TINY;
    d = 1 / d;
    h *= d * c;
    aa = (-(a + m) * (qab + m) * x) / ((a + m2) * (qap + m2));
    d = 1 + aa * d;
    if (abs(d) < TINY) d = TINY;
    c = 1 + aa / c;
    if (abs(c) < TINY) c = TINY;
    d = 1 / d;
    const delta = d * c;
    h *= delta;
    if (abs(delta - 1) < 1e-16) break;
  }
  return h;
}

/**
 * ln[(A-B)^(-M) ∫_{y1}^{y2} y^(-Q) (1-y)^(M-1) dy] with y_i = y(t_i), by
 * (1-y)^(M-1) = Σ c_k y^k, c_k = (1-M)_k / k!, and ∫ y^(e-1) dy with e = k + 1 - Q, each
 * term taken in log space (the e < 0 terms are dominated by y1, the e > 0 terms by y2).
 */
export function logBinomialSeriesPart(A: number, B: number, Q: number, M: number, t1: number, t2: number): number {
  const logY1 = log(B + t1) - log(A + t1);
  const logY2 = log(B + t2) - log(A + t2);
  const L = logY2 - logY1;
  if (!(L > 0)) return MINUS_INFINITY;
  const y2 = exp(logY2);
  let logAbsC = 0; // ln |c_0| = 0
  let signC = 1;
  // Running sum Σ sign_k exp(l_k) kept as scale + ln|sum| with sign, rescaled on the fly.
  let scale = MINUS_INFINITY;
  let acc = 0;
  for (let k = 0; k < 100_000; k++) {
    const e = k + 1 - Q;
    let logTerm: number;
    if (e === 0) logTerm = logAbsC + log(L);
    else {
      const absE = abs(e);
      logTerm = logAbsC + e * (e > 0 ? logY2 : logY1) + log(-expm1(-absE * L)) - log(absE);
    }
    if (logTerm > scale) {
      acc = acc * exp(scale - logTerm) + signC;
      scale = logTerm;
    } else {
      acc += signC * exp(logTerm - scale);
    }
    const factor = k + 1 - M; // c_{k+1} = c_k (k + 1 - M) / (k + 1)
    if (factor === 0) break; // M a positive integer: the binomial expansion is finite
    const shrinking = (abs(factor) / (k + 1)) * y2 < 1;
    if (e > 0 && shrinking && logTerm < scale + log(abs(acc)) - 40) break;
    logAbsC += log(abs(factor)) - log(k + 1);
    if (factor < 0) signC = -signC;
  }
  if (!(acc > 0)) return MINUS_INFINITY;
  return -M * log(A - B) + scale + log(acc);
}
