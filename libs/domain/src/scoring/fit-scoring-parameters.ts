import { fitBgNbd } from '../models/bg-nbd';
import { type ClvOptions, DEFAULT_CLV_OPTIONS, validateClvOptions } from '../models/clv';
import { scoreCustomerValue } from '../models/customer-value-score';
import { fitGammaGamma } from '../models/gamma-gamma';
import { computeRfmBoundaries, rfmInputFromSummary } from '../rfm/rfm-score';
import {
  DEFAULT_TIER_SHARES,
  type TierShares,
  type TierThresholds,
  deriveTierThresholds,
} from '../segmentation/value-tiers';
import { type CustomerSummary } from '../summary/customer-summary';
import { type TimeUnit } from '../time/time-unit';
import { type ScoringParameters } from './scoring-parameters';

export interface FitScoringOptions {
  readonly version: string;
  /** Epoch ms, recorded in the parameters. */
  readonly fittedAt: number;
  /** Unit every summary must be in (the fitted alpha is in it). */
  readonly timeUnit: TimeUnit;
  /** CLV horizon and discounting; DEFAULT_CLV_OPTIONS (12 months, 1% a month) by default. */
  readonly clv?: ClvOptions;
  /** Population share of each tier; DEFAULT_TIER_SHARES (2/5/18%) by default. */
  readonly tierShares?: TierShares;
}

// An empty tier's threshold is Infinity, which JSON stores as null (and null compares as 0, which
// would put everyone in the tier). The largest finite double is just as unreachable for a CLV.
function storable(thresholds: TierThresholds): TierThresholds {
  const bound = (x: number): number => (x === Infinity ? Number.MAX_VALUE : x);
  return { diamond: bound(thresholds.diamond), gold: bound(thresholds.gold), silver: bound(thresholds.silver) };
}

/**
 * Fits scoring parameters on a customer population summarised at one as-of day: BG/NBD on all
 * customers, Gamma-Gamma on those with a repeat purchase, RFM quintile boundaries, and tier
 * thresholds on the CLV each customer gets under the fitted models. Throws a RangeError when the
 * population cannot support a fit (no customers, no repeat buyer, heavy-tailed spend with q <= 1,
 * a degenerate BG/NBD optimum): the caller keeps its current parameters.
 */
export function fitScoringParameters(
  summaries: readonly CustomerSummary[],
  options: FitScoringOptions,
): ScoringParameters {
  const clv = options.clv ?? DEFAULT_CLV_OPTIONS;
  validateClvOptions(clv);
  if (summaries.length === 0) throw new RangeError('cannot fit scoring parameters to zero customers');
  for (const s of summaries) {
    if (s.timeUnit !== options.timeUnit) {
      throw new RangeError(`summary of ${s.customerId} is in ${s.timeUnit}s, expected ${options.timeUnit}s`);
    }
  }
  const bg = fitBgNbd(summaries);
  const gg = fitGammaGamma(summaries);
  if (!(gg.params.q > 1)) {
    throw new RangeError(`Gamma-Gamma fit has q = ${gg.params.q} <= 1: mean spend is infinite, CLV undefined`);
  }
  const model = { kind: 'bg-nbd', params: bg.params } as const;
  let clvs: number[];
  try {
    clvs = summaries.map((s) => scoreCustomerValue(s, model, gg.params, clv).clvMinor);
  } catch (error) {
    // A small population that shows no drop-out drives a and b of BG/NBD towards infinity; its
    // expectations then cannot be evaluated. Such parameters must never be stored for scoring.
    throw new RangeError(
      `fitted BG/NBD parameters ${JSON.stringify(bg.params)} cannot score this population ` +
        `(${error instanceof Error ? error.message : String(error)}); keep the current parameters`,
    );
  }
  return {
    version: options.version,
    source: 'fitted',
    timeUnit: options.timeUnit,
    bgNbd: bg.params,
    gammaGamma: gg.params,
    rfmBoundaries: computeRfmBoundaries(summaries.map(rfmInputFromSummary)),
    tierThresholds: storable(deriveTierThresholds(clvs, options.tierShares ?? DEFAULT_TIER_SHARES)),
    clv,
    fittedAt: options.fittedAt,
    diagnostics: {
      customers: summaries.length,
      repeatCustomers: summaries.reduce((n, s) => n + (s.frequency > 0 ? 1 : 0), 0),
      bgNbdLogLikelihood: bg.logLikelihood,
      gammaGammaLogLikelihood: gg.logLikelihood,
      converged: bg.converged && gg.converged,
    },
  };
}
