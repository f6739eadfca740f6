import { type BgNbdParams, type GammaGammaParams, MS_PER_DAY, type Transaction, seededRandom } from '../src';

function standardNormal(random: () => number): number {
  const u = 1 - random();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random());
}

/** Gamma(shape, rate) by Marsaglia & Tsang (2000), with the shape < 1 boost. */
export function sampleGamma(random: () => number, shape: number, rate: number): number {
  if (shape < 1) return sampleGamma(random, shape + 1, rate) * Math.pow(1 - random(), 1 / shape);
  const d = shape - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    const x = standardNormal(random);
    const v = (1 + c * x) ** 3;
    if (v <= 0) continue;
    const u = 1 - random();
    if (Math.log(u) < 0.5 * x * x + d - d * v + d * Math.log(v)) return (d * v) / rate;
  }
}

export interface SimulationOptions {
  readonly customers: number;
  readonly bgNbd: BgNbdParams;
  readonly spend: GammaGammaParams;
  /** Days over which first purchases are spread. */
  readonly cohortDays: number;
  /** Total observed days. */
  readonly observedDays: number;
  readonly seed: number;
  readonly start?: number;
}

/**
 * Simulates a transaction log from the BG/NBD story (rates per week): λ ~ Gamma(r, α),
 * p ~ Beta(a, b), exponential inter-purchase times, drop-out with probability p after each repeat
 * purchase; amounts from the Gamma-Gamma story (minor units).
 */
export function simulateTransactions(options: SimulationOptions): Transaction[] {
  const random = seededRandom(options.seed);
  const { r, alpha, a, b } = options.bgNbd;
  const start = options.start ?? Date.UTC(2020, 0, 1);
  const out: Transaction[] = [];
  for (let i = 0; i < options.customers; i++) {
    const customerId = `c${i}`;
    const lambdaPerDay = sampleGamma(random, r, alpha) / 7;
    const ga = sampleGamma(random, a, 1);
    const p = ga / (ga + sampleGamma(random, b, 1));
    const nu = sampleGamma(random, options.spend.q, options.spend.v);
    let day = Math.floor(random() * options.cohortDays);
    const buy = (d: number): void => {
      const amountMinor = Math.max(1, Math.round(sampleGamma(random, options.spend.p, nu)));
      out.push({
        customerId,
        occurredAt: start + d * MS_PER_DAY + Math.floor(random() * MS_PER_DAY),
        amountMinor,
        currency: 'EUR',
        type: 'purchase',
      });
    };
    buy(day);
    for (;;) {
      day += -Math.log(1 - random()) / lambdaPerDay;
      if (day >= options.observedDays) break;
      buy(Math.floor(day));
      if (random() < p) break;
    }
  }
  return out;
}
