import { quantileOfSorted, quintileBin } from './quantiles';
import { computeRfmBoundaries, scoreRfm } from './rfm-score';

describe('quantiles', () => {
  it('interpolates between order statistics (type 7)', () => {
    expect(quantileOfSorted([1, 2, 3, 4, 5], 0.5)).toBe(3);
    expect(quantileOfSorted([10, 20], 0.25)).toBe(12.5);
    expect(quintileBin(5, [1, 2, 5, 9])).toBe(2); // equal to a boundary: lower bin
  });
});

describe('RFM scoring', () => {
  const population = Array.from({ length: 100 }, (_, i) => ({
    recencyDays: i,
    frequency: 1 + (i % 10),
    monetaryMinor: 1000 * (i + 1),
  }));
  const boundaries = computeRfmBoundaries(population);

  it('scores recent customers high on R, frequent and big spenders high on F and M', () => {
    const best = scoreRfm({ recencyDays: 0, frequency: 10, monetaryMinor: 100_000 }, boundaries);
    const worst = scoreRfm({ recencyDays: 99, frequency: 1, monetaryMinor: 1000 }, boundaries);
    expect([best.r, best.f, best.m]).toEqual([5, 5, 5]);
    expect([worst.r, worst.f, worst.m]).toEqual([1, 1, 1]);
    expect(best.code).toBe('555');
  });

  it('puts a fifth of a tie-free population in each quintile', () => {
    const counts = [0, 0, 0, 0, 0];
    for (const c of population) counts[scoreRfm(c, boundaries).m - 1] += 1;
    expect(counts).toEqual([20, 20, 20, 20, 20]);
  });

  it('scores against stored boundaries, so a later customer gets the same score from a JSON copy', () => {
    const stored = JSON.parse(JSON.stringify(boundaries));
    const customer = { recencyDays: 42, frequency: 3, monetaryMinor: 55_555 };
    expect(scoreRfm(customer, stored)).toEqual(scoreRfm(customer, boundaries));
  });

  it('combines F and M by rounding their mean half up', () => {
    const s = scoreRfm({ recencyDays: 50, frequency: 1, monetaryMinor: 30_000 }, boundaries);
    expect(s.fm).toBe(Math.floor((s.f + s.m) / 2 + 0.5));
    expect(s.f).toBe(1);
    expect(s.m).toBe(2);
    expect(s.fm).toBe(2);
  });
});
