import { auc, brierScore, calibration, churnMetrics, logLoss, topFraction } from './classification-metrics';

describe('auc', () => {
  it('is the share of (churner, non-churner) pairs ranked correctly', () => {
    // Pairs (p, n): (0.9,0.1) (0.9,0.5) (0.4,0.1) right, (0.4,0.5) wrong: 3 of 4.
    expect(auc([0.9, 0.4, 0.1, 0.5], [1, 1, 0, 0])).toBeCloseTo(0.75, 12);
  });
  it('counts tied pairs as one half', () => {
    // Pairs: (0.5, 0.5) tie = 0.5, (0.5, 0.2) = 1, (0.8, 0.5) = 1, (0.8, 0.2) = 1: 3.5 / 4.
    expect(auc([0.5, 0.8, 0.5, 0.2], [1, 1, 0, 0])).toBeCloseTo(0.875, 12);
    expect(auc([1, 1, 1, 1], [1, 0, 1, 0])).toBeCloseTo(0.5, 12);
  });
  it('is 1 for a perfect and 0 for a reversed ranking, and needs both classes', () => {
    expect(auc([3, 2, 1], [1, 1, 0])).toBe(1);
    expect(auc([1, 2, 3], [1, 1, 0])).toBe(0);
    expect(() => auc([1, 2], [1, 1])).toThrow(RangeError);
  });
});

describe('brierScore and logLoss', () => {
  it('match hand-computed values', () => {
    // ((0.8-1)^2 + (0.3-0)^2 + (0.6-1)^2) / 3 = (0.04 + 0.09 + 0.16) / 3
    expect(brierScore([0.8, 0.3, 0.6], [1, 0, 1])).toBeCloseTo(0.29 / 3, 12);
    // -(ln 0.8 + ln 0.7 + ln 0.6) / 3
    expect(logLoss([0.8, 0.3, 0.6], [1, 0, 1])).toBeCloseTo(-(Math.log(0.8) + Math.log(0.7) + Math.log(0.6)) / 3, 12);
  });
  it('clips certain misses to a finite loss', () => {
    expect(logLoss([0], [1])).toBeCloseTo(-Math.log(1e-15), 6);
  });
});

describe('topFraction', () => {
  it('flags the top decile and reports precision, recall and lift', () => {
    // 20 examples, 5 churners; top 2 by score are one churner and one not.
    const scores = Array.from({ length: 20 }, (_, i) => 20 - i);
    const labels = [1, 0, 1, 1, 0, 0, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0];
    const top = topFraction(scores, labels, 0.1);
    expect(top).toEqual({ flagged: 2, precision: 0.5, recall: 0.2, lift: 0.5 / 0.25 });
  });
  it('breaks ties at the cut by input order', () => {
    expect(topFraction([1, 1, 1, 1], [0, 1, 1, 1], 0.25).precision).toBe(0);
  });
});

describe('calibration', () => {
  it('bins predictions and weights the gaps by bin size', () => {
    // Bin [0.1,0.2): predicted 0.1 and 0.1, observed 0.5: gap 0.4. Bin [0.9,1]: 0.9 and 1.0 vs 1: gap 0.05.
    const report = calibration([0.1, 0.1, 0.9, 1.0], [0, 1, 1, 1]);
    expect(report.bins.map((b) => [b.lower, b.count])).toEqual([
      [0.1, 2],
      [0.9, 2],
    ]);
    expect(report.ece).toBeCloseTo(0.5 * 0.4 + 0.5 * 0.05, 12);
  });
});

describe('churnMetrics', () => {
  it('bundles every metric of one prediction set', () => {
    const m = churnMetrics([0.9, 0.4, 0.1, 0.5], [1, 1, 0, 0]);
    expect(m).toMatchObject({ examples: 4, churnRate: 0.5, auc: 0.75, precisionAtTopDecile: 1, liftAtTopDecile: 2 });
  });
});
