/**
 * Value bands by annual spend and purchase-frequency bands, as domain.md §1 names them.
 * Amounts are minor units of the account currency; the defaults assume two decimals
 * (5000.00 = 500000), so configure them for zero- or three-decimal currencies.
 */
export type AnnualValueBand = 'high' | 'potential' | 'standard';

export interface AnnualValueBandThresholds {
  /** Annual spend at or above which a customer is high value (default 5000.00). */
  readonly highMinor: number;
  /** Annual spend at or above which a customer is potential value (default 2000.00). */
  readonly potentialMinor: number;
}

export const DEFAULT_ANNUAL_VALUE_BANDS: AnnualValueBandThresholds = { highMinor: 500_000, potentialMinor: 200_000 };

export function annualValueBand(
  annualSpendMinor: number,
  thresholds: AnnualValueBandThresholds = DEFAULT_ANNUAL_VALUE_BANDS,
): AnnualValueBand {
  if (annualSpendMinor >= thresholds.highMinor) return 'high';
  if (annualSpendMinor >= thresholds.potentialMinor) return 'potential';
  return 'standard';
}

export type PurchaseFrequencyBand = 'high' | 'medium' | 'low';

export interface PurchaseFrequencyBandThresholds {
  /** Purchases per month at or above which frequency is high (default 3). */
  readonly highPerMonth: number;
  /** Purchases per quarter at or below which frequency is low (default 1). */
  readonly lowPerQuarter: number;
}

export const DEFAULT_PURCHASE_FREQUENCY_BANDS: PurchaseFrequencyBandThresholds = { highPerMonth: 3, lowPerQuarter: 1 };

/** Band of an observed purchase rate, given in purchases per month. */
export function purchaseFrequencyBand(
  purchasesPerMonth: number,
  thresholds: PurchaseFrequencyBandThresholds = DEFAULT_PURCHASE_FREQUENCY_BANDS,
): PurchaseFrequencyBand {
  if (purchasesPerMonth >= thresholds.highPerMonth) return 'high';
  if (purchasesPerMonth * 3 <= thresholds.lowPerQuarter) return 'low';
  return 'medium';
}
