/**
 * The platform's CLI must fit and score 1,000,000 transactions of 100,000 customers in under 30 s.
 * This measures the domain's share (summaries, fits, scoring) on a simulated log of that size.
 */
import {
  type CustomerSummary,
  fitBgNbd,
  fitGammaGamma,
  fitParetoNbd,
  compressCustomers,
  scoreCustomerValue,
  summarizeCustomers,
  MS_PER_DAY,
} from '../src';
import { simulateTransactions } from './simulate';

const trueParams = { r: 0.8, alpha: 3, a: 0.6, b: 4 };

/** |actual / expected - 1| <= relative for every parameter. */
function expectRelativelyClose(actual: object, expected: Record<string, number>, relative: number): void {
  for (const [key, value] of Object.entries(expected))
    expect(Math.abs((actual as Record<string, number>)[key] / value - 1)).toBeLessThanOrEqual(relative);
}

describe('performance at platform scale', () => {
  const start = Date.UTC(2022, 0, 1);
  const transactions = simulateTransactions({
    customers: 100_000,
    bgNbd: trueParams,
    spend: { p: 6, q: 4, v: 1500 },
    cohortDays: 365,
    observedDays: 730,
    seed: 42,
    start,
  });
  let summaries: CustomerSummary[] = [];
  let compressed = compressCustomers([]);
  let bg: ReturnType<typeof fitBgNbd>;
  let pareto: ReturnType<typeof fitParetoNbd>;
  let totalClv = 0;
  let elapsed = Infinity;

  beforeAll(() => {
    const t0 = performance.now();
    summaries = summarizeCustomers(transactions, { asOf: start + 729 * MS_PER_DAY, timeUnit: 'week' });
    const t1 = performance.now();
    compressed = compressCustomers(summaries);
    bg = fitBgNbd(compressed);
    const t2 = performance.now();
    pareto = fitParetoNbd(compressed);
    const t3 = performance.now();
    const gg = fitGammaGamma(summaries);
    const t4 = performance.now();
    for (const s of summaries)
      totalClv += scoreCustomerValue(s, { kind: 'bg-nbd', params: bg.params }, gg.params).clvMinor;
    const t5 = performance.now();
    elapsed = t5 - t0;
    console.log(
      `${transactions.length} transactions, ${summaries.length} customers, ${compressed.size} unique triples; ` +
        `summaries ${(t1 - t0).toFixed(0)} ms, BG/NBD fit ${(t2 - t1).toFixed(0)} ms (${bg.evaluations} evals), ` +
        `Pareto/NBD fit ${(t3 - t2).toFixed(0)} ms (${pareto.evaluations} evals), ` +
        `Gamma-Gamma fit ${(t4 - t3).toFixed(0)} ms, ` +
        `scoring ${(t5 - t4).toFixed(0)} ms; total ${elapsed.toFixed(0)} ms`,
    );
  });

  it('summarises, fits BG/NBD + Pareto/NBD + Gamma-Gamma and scores 100k customers / ~1M transactions in under 30 s', () => {
    expect(transactions.length).toBeGreaterThan(900_000);
    expect(totalClv).toBeGreaterThan(0);
    expect(elapsed).toBeLessThan(30_000);
    // The fit recovers the simulated parameters (loosely: one sample, and days rounding).
    expect(bg.params.r).toBeGreaterThan(trueParams.r * 0.8);
    expect(bg.params.r).toBeLessThan(trueParams.r * 1.25);
    expect(bg.params.a / (bg.params.a + bg.params.b)).toBeCloseTo(trueParams.a / (trueParams.a + trueParams.b), 1);
  });

  it('reaches the optimum the all-Nelder-Mead fits found, to optimizer tolerance', () => {
    expect(compressed.size).toBe(88_485);
    // Results of the former fit (Nelder-Mead on a sample, then a restarted Nelder-Mead on all
    // rows; xTolerance 1e-7 in log-parameters, fTolerance 1e-12 per customer). Along the flattest
    // direction of the likelihood (curvature ~0.01 per customer in log-parameters) rounding noise
    // of ~1e-12 per customer leaves the maximiser determined to ~1e-5, hence the parameter
    // tolerance; the log-likelihood may fall short of the former by at most that fTolerance.
    const customers = compressed.customers;
    expect(pareto.converged).toBe(true);
    expectRelativelyClose(
      pareto.params,
      { r: 1.0797779689387084, alpha: 5.024003105138997, s: 0.7522159285601528, beta: 33.33795902331933 },
      1e-5,
    );
    expect(pareto.logLikelihood).toBeGreaterThan(-2152565.5342557933 - 1e-12 * customers);
    expect(bg.converged).toBe(true);
    expectRelativelyClose(
      bg.params,
      { r: 0.8173262391956608, alpha: 3.249577007358166, a: 0.5890836705549303, b: 3.8468816800777517 },
      1e-5,
    );
    expect(bg.logLikelihood).toBeGreaterThan(-2142873.2943404093 - 1e-12 * customers);
  });
});
