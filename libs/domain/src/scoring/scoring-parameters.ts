import { type BgNbdParams } from '../models/bg-nbd';
import { type ClvOptions, validateClvOptions } from '../models/clv';
import { type GammaGammaParams } from '../models/gamma-gamma';
import { type QuintileBoundaries } from '../rfm/quantiles';
import { type RfmBoundaries } from '../rfm/rfm-score';
import { type TierThresholds } from '../segmentation/value-tiers';
import { type TimeUnit } from '../time/time-unit';

export type ScoringParametersSource = 'prior' | 'fitted';

export interface ScoringDiagnostics {
  /** Customers in the fitted population. */
  readonly customers: number;
  /** Of which with at least one repeat purchase day (the Gamma-Gamma population). */
  readonly repeatCustomers: number;
  readonly bgNbdLogLikelihood?: number;
  readonly gammaGammaLogLikelihood?: number;
  /** Both maximum-likelihood fits converged. */
  readonly converged?: boolean;
}

/**
 * Everything needed to score a customer, as one storable value (plain numbers and strings, so
 * that it survives JSON). The scoring service and the CLI both score through this object, so a
 * score is reproducible from its `version`.
 */
export interface ScoringParameters {
  /** e.g. 'prior-v1' or a fit id. */
  readonly version: string;
  readonly source: ScoringParametersSource;
  /** Unit of the BG/NBD parameters (alpha is a rate scale) and of the summaries scored with them. */
  readonly timeUnit: TimeUnit;
  readonly bgNbd: BgNbdParams;
  /** Gamma-Gamma spend model; v is in minor units of the population's currency. */
  readonly gammaGamma: GammaGammaParams;
  readonly rfmBoundaries: RfmBoundaries;
  /** Minimum CLV (minor units) of each tier. */
  readonly tierThresholds: TierThresholds;
  readonly clv: ClvOptions;
  /** When the parameters were fitted (epoch ms); absent for priors. */
  readonly fittedAt?: number;
  readonly diagnostics?: ScoringDiagnostics;
}

function positiveFinite(value: unknown): boolean {
  return typeof value === 'number' && value > 0 && Number.isFinite(value);
}

// Parameters usually arrive from storage as JSON, where a missing tier bound becomes null and
// null >= x compares as 0 >= x: every customer would silently land in that tier. So each number
// is checked for type, not only range.
function increasingNumbers(values: QuintileBoundaries | undefined): boolean {
  if (!Array.isArray(values) || values.length !== 4) return false;
  return values.every((v, i) => typeof v === 'number' && !Number.isNaN(v) && (i === 0 || v >= values[i - 1]));
}

/** Throws a RangeError naming the first field that cannot be scored with. */
export function validateScoringParameters(params: ScoringParameters): void {
  const fail = (what: string): never => {
    throw new RangeError(`invalid scoring parameters ${params.version}: ${what}`);
  };
  if (params.timeUnit !== 'day' && params.timeUnit !== 'week') fail(`timeUnit ${String(params.timeUnit)}`);
  const { r, alpha, a, b } = params.bgNbd;
  if (![r, alpha, a, b].every(positiveFinite)) fail('BG/NBD parameters must be positive and finite');
  const { p, q, v } = params.gammaGamma;
  if (![p, q, v].every(positiveFinite)) fail('Gamma-Gamma parameters must be positive and finite');
  // Below q = 1 the expected spend per purchase is infinite, so no CLV can be computed.
  if (!(q > 1)) fail(`Gamma-Gamma q must exceed 1, got ${q}`);
  const rfm = params.rfmBoundaries;
  if (!(
    increasingNumbers(rfm.recencyDays) &&
    increasingNumbers(rfm.frequency) &&
    increasingNumbers(rfm.monetaryMinor)
  )) {
    fail('RFM boundaries must be four non-decreasing numbers per dimension');
  }
  const t = params.tierThresholds;
  const tiers = [t.diamond, t.gold, t.silver];
  if (!tiers.every((x) => typeof x === 'number' && !Number.isNaN(x)) || !(t.diamond >= t.gold && t.gold >= t.silver)) {
    fail('tier thresholds must be numbers with diamond >= gold >= silver');
  }
  validateClvOptions(params.clv);
}
