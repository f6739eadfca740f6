import { checkTierScarcity } from './tier-scarcity';
import { assignValueTier, countTiers, deriveTierThresholds } from './value-tiers';
import { annualValueBand, purchaseFrequencyBand } from './value-bands';

describe('value tiers', () => {
  const values = Array.from({ length: 1000 }, (_, i) => i + 1);

  it('gives Diamond 2%, Gold 5%, Silver 18% by default', () => {
    const thresholds = deriveTierThresholds(values);
    const counts = countTiers(values.map((v) => assignValueTier(v, thresholds)));
    expect(counts).toEqual({ diamond: 20, gold: 50, silver: 180, basic: 750 });
    expect(checkTierScarcity(counts).withinBands).toBe(true);
  });

  it('keeps a tie that straddles a cut out of the tier rather than overfilling it', () => {
    const tied = [...Array(95).fill(1), 50, 50, 50, 50, 100];
    const thresholds = deriveTierThresholds(tied, { diamond: 0.02, gold: 0.05, silver: 0 });
    expect(thresholds.diamond).toBe(100); // the 2nd-best value (50) is tied with 3 more
    const counts = countTiers(tied.map((v) => assignValueTier(v, thresholds)));
    expect(counts.diamond).toBe(1);
    expect(counts.gold).toBe(4);
  });

  it('rejects shares that do not fit in the population', () => {
    expect(() => deriveTierThresholds(values, { diamond: 0.5, gold: 0.5, silver: 0.5 })).toThrow(RangeError);
  });
});

describe('tier scarcity', () => {
  it('reports a top tier grown past its band', () => {
    const report = checkTierScarcity({ diamond: 40, gold: 70, silver: 190, basic: 700 });
    expect(report.withinBands).toBe(false);
    expect(report.findings.map((f) => `${f.scope}:${f.kind}`)).toEqual([
      'diamond:above-band',
      'gold:above-band',
      'top-tiers:above-band',
    ]);
    expect(report.topTiersShare).toBeCloseTo(0.11, 12);
  });

  it('notes, without failing, top tiers below the 5% floor', () => {
    const report = checkTierScarcity({ diamond: 10, gold: 20, silver: 170, basic: 800 });
    expect(report.withinBands).toBe(true);
    expect(report.findings).toEqual([{ scope: 'top-tiers', kind: 'below-band', share: 0.03, limit: 0.05 }]);
  });
});

describe('value and frequency bands', () => {
  it('bands annual spend at 2000 and 5000 (minor units)', () => {
    expect(annualValueBand(500_000)).toBe('high');
    expect(annualValueBand(499_999)).toBe('potential');
    expect(annualValueBand(200_000)).toBe('potential');
    expect(annualValueBand(199_999)).toBe('standard');
  });

  it('bands purchase frequency: 3+ a month high, 1 or fewer a quarter low', () => {
    expect(purchaseFrequencyBand(3)).toBe('high');
    expect(purchaseFrequencyBand(1)).toBe('medium');
    expect(purchaseFrequencyBand(1 / 3)).toBe('low');
  });
});
