import { type CustomerSummary, summarizeCustomers } from '../summary/customer-summary';
import { type Transaction } from '../transactions/transaction';
import { MS_PER_DAY } from '../time/time-unit';
import { countTiers } from '../segmentation/value-tiers';
import { CDNOW_CALIBRATION_END, loadCdnowTransactions } from '../../test/cdnow-loader';
import { simulateTransactions } from '../../test/simulate';
import { fitScoringParameters } from './fit-scoring-parameters';
import { scoreCustomer } from './score-customer';
import { scoreSummaries } from './score-customers';

function expectSignificant(actual: number, published: number, digits: number): void {
  const unit = 10 ** (Math.floor(Math.log10(Math.abs(published))) - digits + 1);
  expect(Math.abs(actual - published)).toBeLessThanOrEqual(unit / 2);
}

describe('fitScoringParameters on the CDNOW sample (calibration to 1997-09-30, weeks)', () => {
  const summaries: CustomerSummary[] = summarizeCustomers(loadCdnowTransactions(), {
    asOf: CDNOW_CALIBRATION_END,
    timeUnit: 'week',
  });
  const params = fitScoringParameters(summaries, {
    version: 'fit-test',
    fittedAt: Date.UTC(2026, 0, 1),
    timeUnit: 'week',
  });

  it('reproduces the published BG/NBD and Gamma-Gamma parameters', () => {
    expectSignificant(params.bgNbd.r, 0.242593, 4);
    expectSignificant(params.bgNbd.alpha, 4.413532, 4);
    expectSignificant(params.bgNbd.a, 0.792886, 4);
    expectSignificant(params.bgNbd.b, 2.425752, 4);
    // Published in dollars; the domain fits on cents.
    expectSignificant(params.gammaGamma.p, 6.25, 3);
    expectSignificant(params.gammaGamma.q, 3.74, 3);
    expectSignificant(params.gammaGamma.v / 100, 15.44, 3);
    expect(params.diagnostics?.bgNbdLogLikelihood).toBeCloseTo(-9582.4, 1);
  });

  it('records provenance and the published population counts', () => {
    expect(params.source).toBe('fitted');
    expect(params.version).toBe('fit-test');
    expect(params.fittedAt).toBe(Date.UTC(2026, 0, 1));
    expect(params.diagnostics).toMatchObject({ customers: 2357, repeatCustomers: 946, converged: true });
  });

  it('derives tiers that hold at most 2/5/18% of the population it was fitted on', () => {
    const counts = countTiers(scoreSummaries(summaries, params).map((s) => s.tier));
    const n = summaries.length;
    expect(counts.diamond).toBeGreaterThan(0);
    expect(counts.diamond).toBeLessThanOrEqual(Math.floor(n * 0.02));
    expect(counts.diamond + counts.gold).toBeLessThanOrEqual(Math.floor(n * 0.07));
    expect(counts.diamond + counts.gold + counts.silver).toBeLessThanOrEqual(Math.floor(n * 0.25));
    expect(counts.diamond + counts.gold + counts.silver).toBeGreaterThan(Math.floor(n * 0.2));
  });

  it('scores the same after a JSON round trip (how the service stores parameters)', () => {
    const stored = JSON.parse(JSON.stringify(params));
    for (const s of summaries.slice(0, 50)) expect(scoreCustomer(s, stored)).toEqual(scoreCustomer(s, params));
  });
});

describe('fitScoringParameters edge cases', () => {
  const day0 = Date.UTC(2025, 0, 1);
  const asOf = day0 + 400 * MS_PER_DAY;
  const options = { version: 'small', fittedAt: day0, timeUnit: 'week' as const };
  const simulated = (customers: number): Transaction[] =>
    simulateTransactions({
      customers,
      bgNbd: { r: 0.8, alpha: 3, a: 0.6, b: 4 },
      spend: { p: 6, q: 4, v: 1500 },
      cohortDays: 200,
      observedDays: 400,
      seed: 7,
      start: day0,
    });

  it('keeps empty top tiers unreachable and JSON-safe on a small population', () => {
    const summaries = summarizeCustomers(simulated(40), { asOf, timeUnit: 'week' });
    const params = fitScoringParameters(summaries, options);
    // 40 customers: 2% of them is no one, so Diamond is empty.
    expect(params.tierThresholds.diamond).toBe(Number.MAX_VALUE);
    const stored = JSON.parse(JSON.stringify(params));
    expect(summaries.map((s) => scoreCustomer(s, stored).tier)).not.toContain('diamond');
  });

  it('refuses an empty population, summaries in another unit and a population without repeat buyers', () => {
    expect(() => fitScoringParameters([], options)).toThrow(RangeError);
    const daily = summarizeCustomers(simulated(40), { asOf, timeUnit: 'day' });
    expect(() => fitScoringParameters(daily, options)).toThrow(/days, expected weeks/);
    const firstOnly = summarizeCustomers(
      simulated(40).filter((t, i, all) => i === 0 || all[i - 1].customerId !== t.customerId),
      { asOf, timeUnit: 'week' },
    );
    expect(firstOnly.every((s) => s.frequency === 0)).toBe(true);
    expect(() => fitScoringParameters(firstOnly, options)).toThrow(RangeError);
  });

  it('refuses, with the reason, a degenerate fit on customers who never drop out', () => {
    const steady: Transaction[] = [];
    for (let i = 0; i < 20; i++) {
      for (let k = 0; k <= i % 4; k++) {
        steady.push({
          customerId: `c${i}`,
          occurredAt: day0 + (i + 10 * k) * MS_PER_DAY,
          amountMinor: 1000 + 37 * ((i * k) % 11),
          currency: 'EUR',
          type: 'purchase',
        });
      }
    }
    const summaries = summarizeCustomers(steady, { asOf: day0 + 60 * MS_PER_DAY, timeUnit: 'day' });
    expect(() => fitScoringParameters(summaries, { ...options, timeUnit: 'day' })).toThrow(
      /keep the current parameters/,
    );
  });
});
