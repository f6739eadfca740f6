import { roundToMinorUnits } from '../money/minor-units';
import { monthsToUnit } from '../time/time-unit';
import { type CustomerSummary } from '../summary/customer-summary';
import { type BgNbdParams, bgNbdConditionalExpectedPurchases, bgNbdProbabilityAlive } from './bg-nbd';
import { type ClvOptions, DEFAULT_CLV_OPTIONS, discountedClv } from './clv';
import { type GammaGammaParams, gammaGammaConditionalExpectedSpend } from './gamma-gamma';
import { type ParetoNbdParams, paretoNbdConditionalExpectedPurchases, paretoNbdProbabilityAlive } from './pareto-nbd';

/** A fitted purchase-count model; parameters must be in the summaries' time unit. */
export type PurchaseModel =
  | { readonly kind: 'bg-nbd'; readonly params: BgNbdParams }
  | { readonly kind: 'pareto-nbd'; readonly params: ParetoNbdParams };

/** The value outputs for one customer: money as integer minor units, the rest as floats. */
export interface CustomerValueScore {
  readonly customerId: string;
  readonly currency: string;
  readonly probabilityAlive: number;
  /** Expected purchase days over the CLV horizon. */
  readonly expectedPurchases: number;
  /** Gamma-Gamma expected spend per purchase day, rounded to minor units. */
  readonly expectedSpendMinor: number;
  /** Discounted CLV over the horizon, rounded to minor units. */
  readonly clvMinor: number;
}

export function probabilityAlive(model: PurchaseModel, summary: CustomerSummary): number {
  return model.kind === 'bg-nbd'
    ? bgNbdProbabilityAlive(model.params, summary)
    : paretoNbdProbabilityAlive(model.params, summary);
}

export function conditionalExpectedPurchases(model: PurchaseModel, summary: CustomerSummary, t: number): number {
  return model.kind === 'bg-nbd'
    ? bgNbdConditionalExpectedPurchases(model.params, summary, t)
    : paretoNbdConditionalExpectedPurchases(model.params, summary, t);
}

/**
 * Scores one customer: P(alive), expected purchases and discounted CLV over the horizon, with
 * the Gamma-Gamma spend fitted on the same money unit as `summary.monetary` (minor units).
 * This is the output boundary, so the money values are rounded here and only here.
 */
export function scoreCustomerValue(
  summary: CustomerSummary,
  model: PurchaseModel,
  spend: GammaGammaParams,
  options: ClvOptions = DEFAULT_CLV_OPTIONS,
): CustomerValueScore {
  const expectedSpend = gammaGammaConditionalExpectedSpend(spend, summary);
  const clv = discountedClv(
    (t) => conditionalExpectedPurchases(model, summary, t),
    expectedSpend,
    summary.timeUnit,
    options,
  );
  return {
    customerId: summary.customerId,
    currency: summary.currency,
    probabilityAlive: probabilityAlive(model, summary),
    expectedPurchases: conditionalExpectedPurchases(
      model,
      summary,
      monthsToUnit(options.horizonMonths, summary.timeUnit),
    ),
    expectedSpendMinor: roundToMinorUnits(expectedSpend),
    clvMinor: roundToMinorUnits(clv),
  };
}
