/**
 * Customer-service signals known at the as-of time (from interactions.v1). Optional: a purchase-only
 * export has none, and the features then take neutral values (no complaint, no NPS answer).
 */
export interface InteractionSignals {
  readonly complaints: number;
  readonly unresolvedComplaints: number;
  /** Latest NPS answer (0-10), if the customer ever answered. */
  readonly latestNps?: number;
}

export const NO_INTERACTION_SIGNALS: InteractionSignals = { complaints: 0, unresolvedComplaints: 0 };

/** NPS detractors answer 0-6, promoters 9-10 (the standard NPS bands). */
export function npsBand(score: number | undefined): 'detractor' | 'passive' | 'promoter' | 'none' {
  if (score === undefined) return 'none';
  if (score <= 6) return 'detractor';
  return score >= 9 ? 'promoter' : 'passive';
}
