import {
  fitGammaGamma,
  gammaGammaConditionalExpectedSpend,
  gammaGammaLogLikelihood,
  gammaGammaPopulationMeanSpend,
} from './gamma-gamma';

const params = { p: 6.25, q: 3.74, v: 15.44 };

describe('Gamma-Gamma', () => {
  it('shrinks a customer mean toward the population mean, less so with more purchases', () => {
    const population = gammaGammaPopulationMeanSpend(params);
    const few = gammaGammaConditionalExpectedSpend(params, { frequency: 1, monetary: 100 });
    const many = gammaGammaConditionalExpectedSpend(params, { frequency: 20, monetary: 100 });
    expect(few).toBeGreaterThan(population);
    expect(few).toBeLessThan(many);
    expect(many).toBeLessThan(100);
    expect(gammaGammaConditionalExpectedSpend(params, { frequency: 0, monetary: 0 })).toBe(population);
  });

  it('ignores customers without repeat purchases in the likelihood', () => {
    const repeaters = [
      { frequency: 2, monetary: 20 },
      { frequency: 5, monetary: 35 },
    ];
    const withNewcomers = [...repeaters, { frequency: 0, monetary: 0 }];
    expect(gammaGammaLogLikelihood(params, withNewcomers)).toBe(gammaGammaLogLikelihood(params, repeaters));
  });

  it('is invariant to the money unit: p and q unchanged, v scales', () => {
    const data = Array.from({ length: 300 }, (_, i) => ({
      frequency: 1 + (i % 7),
      monetary: 10 + ((i * 37) % 50) + (i % 3) * 4.5,
    }));
    const dollars = fitGammaGamma(data);
    const cents = fitGammaGamma(data.map((c) => ({ frequency: c.frequency, monetary: c.monetary * 100 })));
    expect(cents.params.p).toBeCloseTo(dollars.params.p, 3);
    expect(cents.params.q).toBeCloseTo(dollars.params.q, 3);
    expect(cents.params.v / 100).toBeCloseTo(dollars.params.v, 2);
  });
});
