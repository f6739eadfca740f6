import { lifecycleStage } from '../lifecycle/lifecycle-stage';
import { roundToMinorUnits } from '../money/minor-units';
import { bgNbdConditionalExpectedPurchases, bgNbdProbabilityAlive } from '../models/bg-nbd';
import { discountedClv } from '../models/clv';
import { gammaGammaConditionalExpectedSpend, gammaGammaPopulationMeanSpend } from '../models/gamma-gamma';
import { rfmInputFromSummary, scoreRfm } from '../rfm/rfm-score';
import { RFM_SEGMENTS, rfmSegment } from '../rfm/rfm-segment';
import { VALUE_TIERS, assignValueTier } from '../segmentation/value-tiers';
import { type CustomerSummary, summarizeCustomer, summarizeCustomers } from '../summary/customer-summary';
import { MS_PER_DAY, utcDayIndex } from '../time/time-unit';
import { type Transaction } from '../transactions/transaction';
import { CDNOW_CALIBRATION_END, loadCdnowTransactions } from '../../test/cdnow-loader';
import { PRIOR_SCORING_PARAMETERS } from './prior-parameters';
import { scoreCustomer } from './score-customer';
import { scoreCustomers } from './score-customers';
import { type ScoringParameters, validateScoringParameters } from './scoring-parameters';

const params = PRIOR_SCORING_PARAMETERS;
const day0 = Date.UTC(2025, 0, 1);
const asOf = day0 + 120 * MS_PER_DAY + 15 * 3_600_000; // mid-day: the score is for the whole day
const buy = (customerId: string, day: number, amountMinor: number): Transaction => ({
  customerId,
  occurredAt: day0 + day * MS_PER_DAY + 10 * 3_600_000,
  amountMinor,
  currency: 'EUR',
  type: 'purchase',
});
const summarize = (txs: Transaction[]): CustomerSummary => {
  const summary = summarizeCustomer(txs[0].customerId, txs, { asOf, timeUnit: 'week' });
  if (summary === undefined) throw new Error('no purchase');
  return summary;
};

describe('scoreCustomer', () => {
  const repeat = summarize([buy('r', 0, 4000), buy('r', 30, 2500), buy('r', 75, 3100), buy('r', 75, 900)]);

  it('agrees with the underlying model functions', () => {
    const score = scoreCustomer(repeat, params);
    expect(score.pAlive).toBe(bgNbdProbabilityAlive(params.bgNbd, repeat));
    expect(score.expectedPurchases90d).toBe(bgNbdConditionalExpectedPurchases(params.bgNbd, repeat, 90 / 7));
    const spend = gammaGammaConditionalExpectedSpend(params.gammaGamma, repeat);
    const clv = discountedClv(
      (t) => bgNbdConditionalExpectedPurchases(params.bgNbd, repeat, t),
      spend,
      'week',
      params.clv,
    );
    expect(score.clvMinor).toBe(roundToMinorUnits(clv));
    const rfm = scoreRfm(rfmInputFromSummary(repeat), params.rfmBoundaries);
    expect(score.rfm).toEqual({ recency: rfm.r, frequency: rfm.f, monetary: rfm.m, segment: rfmSegment(rfm) });
    expect(score.tier).toBe(assignValueTier(score.clvMinor, params.tierThresholds));
    expect(score.stage).toBe(
      lifecycleStage({ firstPurchaseAt: repeat.firstPurchaseAt, lastInteractionAt: repeat.lastPurchaseAt, asOf }),
    );
  });

  it('carries the summary and the parameters provenance, money in integer minor units', () => {
    const score = scoreCustomer(repeat, params);
    expect(score).toMatchObject({
      customerId: 'r',
      currency: 'EUR',
      frequency: 2,
      purchaseCount: 4,
      netSpendMinor: 10_500,
      monetaryMinor: 3250, // (2500 + 3100 + 900) / 2 repeat days
      daysSinceLastPurchase: 45,
      lastPurchaseAt: day0 + 75 * MS_PER_DAY + 10 * 3_600_000,
      parametersVersion: 'prior-v1',
      parametersSource: 'prior',
    });
    expect(score.asOf).toBe(utcDayIndex(asOf) * MS_PER_DAY);
    expect(score.recency).toBeCloseTo(75 / 7, 12);
    expect(score.T).toBeCloseTo(120 / 7, 12);
    expect(Number.isSafeInteger(score.clvMinor)).toBe(true);
  });

  it('is deterministic', () => {
    expect(scoreCustomer(repeat, params)).toEqual(scoreCustomer(repeat, params));
  });

  it('values a customer without a repeat purchase at the population mean spend', () => {
    const single = summarize([buy('s', 100, 5000)]);
    const score = scoreCustomer(single, params);
    expect(score.monetaryMinor).toBeNull();
    expect(score.pAlive).toBe(1);
    const clv = discountedClv(
      (t) => bgNbdConditionalExpectedPurchases(params.bgNbd, single, t),
      gammaGammaPopulationMeanSpend(params.gammaGamma),
      'week',
      params.clv,
    );
    expect(score.clvMinor).toBeGreaterThan(0);
    expect(score.clvMinor).toBe(roundToMinorUnits(clv));
  });

  it('refuses a summary in another time unit and parameters that lost a number in storage', () => {
    const daily = summarizeCustomer('r', [buy('r', 0, 100), buy('r', 9, 100)], { asOf, timeUnit: 'day' });
    expect(() => scoreCustomer(daily as CustomerSummary, params)).toThrow(/days but parameters prior-v1 are in weeks/);
    const stored = JSON.parse(
      JSON.stringify({ ...params, tierThresholds: { ...params.tierThresholds, diamond: Infinity } }),
    );
    expect(() => scoreCustomer(repeat, stored as ScoringParameters)).toThrow(/tier thresholds/);
    const heavyTail = { ...params, gammaGamma: { ...params.gammaGamma, q: 0.9 } };
    expect(() => scoreCustomer(repeat, heavyTail)).toThrow(/q must exceed 1/);
  });
});

describe('scoreCustomers with the priors on the CDNOW sample', () => {
  const scores = scoreCustomers(loadCdnowTransactions(), CDNOW_CALIBRATION_END, PRIOR_SCORING_PARAMETERS);

  it('scores every customer of the cohort, sorted by customerId', () => {
    expect(() => validateScoringParameters(PRIOR_SCORING_PARAMETERS)).not.toThrow();
    expect(scores).toHaveLength(2357);
    const ids = scores.map((s) => s.customerId);
    expect(ids).toEqual([...ids].sort());
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('gives valid values to every customer', () => {
    for (const s of scores) {
      expect(s.pAlive).toBeGreaterThan(0);
      expect(s.pAlive).toBeLessThanOrEqual(1);
      expect(Number.isFinite(s.expectedPurchases90d) && s.expectedPurchases90d >= 0).toBe(true);
      expect(Number.isSafeInteger(s.clvMinor) && s.clvMinor >= 0).toBe(true);
      for (const v of [s.rfm.recency, s.rfm.frequency, s.rfm.monetary]) expect([1, 2, 3, 4, 5]).toContain(v);
      expect(RFM_SEGMENTS).toContain(s.rfm.segment);
      expect(VALUE_TIERS).toContain(s.tier);
      expect(s.monetaryMinor === null).toBe(s.frequency === 0);
      expect(s.parametersSource).toBe('prior');
    }
  });

  it('matches scoring the summaries one by one', () => {
    const summaries = summarizeCustomers(loadCdnowTransactions(), { asOf: CDNOW_CALIBRATION_END, timeUnit: 'week' });
    const byId = new Map(summaries.map((s) => [s.customerId, s]));
    for (const s of scores.slice(0, 100)) {
      expect(s).toEqual(scoreCustomer(byId.get(s.customerId) as CustomerSummary, PRIOR_SCORING_PARAMETERS));
    }
  });
});
