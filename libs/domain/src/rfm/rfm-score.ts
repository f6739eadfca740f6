import { type CustomerSummary } from '../summary/customer-summary';
import { type QuintileBoundaries, quintileBin, quintileBoundaries } from './quantiles';

export type RfmScoreValue = 1 | 2 | 3 | 4 | 5;

/** The three RFM inputs of one customer. */
export interface RfmInput {
  /** Whole days since the last purchase (lower is better). */
  readonly recencyDays: number;
  /** Number of purchases (purchase days). */
  readonly frequency: number;
  /** Net spend in minor units. */
  readonly monetaryMinor: number;
}

/**
 * Quintile boundaries of a reference population, storable (plain numbers) so that customers
 * can be scored later, or elsewhere, against the same population.
 */
export interface RfmBoundaries {
  readonly recencyDays: QuintileBoundaries;
  readonly frequency: QuintileBoundaries;
  readonly monetaryMinor: QuintileBoundaries;
}

export interface RfmScore {
  readonly r: RfmScoreValue;
  readonly f: RfmScoreValue;
  readonly m: RfmScoreValue;
  /** Combined frequency-monetary score, round half up of (f + m) / 2, used by the segment map. */
  readonly fm: RfmScoreValue;
  /** e.g. "545" */
  readonly code: string;
}

/** RFM inputs from a customer summary: days since last purchase, purchase days, net spend. */
export function rfmInputFromSummary(summary: CustomerSummary): RfmInput {
  return {
    recencyDays: summary.daysSinceLastPurchase,
    frequency: summary.purchaseDays,
    monetaryMinor: summary.netSpendMinor,
  };
}

export function computeRfmBoundaries(population: ReadonlyArray<RfmInput>): RfmBoundaries {
  if (population.length === 0) throw new RangeError('RFM boundaries need a non-empty population');
  return {
    recencyDays: quintileBoundaries(population.map((c) => c.recencyDays)),
    frequency: quintileBoundaries(population.map((c) => c.frequency)),
    monetaryMinor: quintileBoundaries(population.map((c) => c.monetaryMinor)),
  };
}

/**
 * Scores a customer 1..5 on each dimension against stored boundaries. F and M: the higher the
 * bin, the higher the score. R: the fewer days since the last purchase, the higher the score
 * (a purchase within the lowest quintile of days scores 5).
 */
export function scoreRfm(input: RfmInput, boundaries: RfmBoundaries): RfmScore {
  const r = (5 - quintileBin(input.recencyDays, boundaries.recencyDays)) as RfmScoreValue;
  const f = (1 + quintileBin(input.frequency, boundaries.frequency)) as RfmScoreValue;
  const m = (1 + quintileBin(input.monetaryMinor, boundaries.monetaryMinor)) as RfmScoreValue;
  const fm = Math.floor((f + m) / 2 + 0.5) as RfmScoreValue;
  return { r, f, m, fm, code: `${r}${f}${m}` };
}
