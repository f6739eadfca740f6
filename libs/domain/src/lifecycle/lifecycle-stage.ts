import { utcDayIndex } from '../time/time-unit';

/**
 * Lifecycle stages of domain.md §1 (prospect -> new -> active -> dormant -> churned), with the
 * silence stages its thresholds imply in between.
 */
export type LifecycleStage =
  'prospect' | 'new' | 'active' | 'silent' | 'potential-churn' | 'dormant' | 'deep-dormant' | 'churned';

/** Whole days; a customer silent for exactly N days has crossed the threshold N. */
export interface LifecycleThresholds {
  /** First purchase less than this many days ago, and not silent: "new" (platform default 30). */
  readonly newCustomerDays: number;
  /** Silent after 30 days without any interaction (domain.md). */
  readonly silentAfterDays: number;
  /** "Potential churn" at 60-90 days (domain.md); its start, 60 by default. */
  readonly potentialChurnAfterDays: number;
  /** Dormant from the named 90-day-without-interaction reminder rule (domain.md). */
  readonly dormantAfterDays: number;
  /** "Deep dormant" at 180+ days (domain.md; also the 6-month churn-risk population). */
  readonly deepDormantAfterDays: number;
  /** Churned after a year of silence: domain.md names no number, a year covers seasonal buyers. */
  readonly churnedAfterDays: number;
}

export const DEFAULT_LIFECYCLE_THRESHOLDS: LifecycleThresholds = {
  newCustomerDays: 30,
  silentAfterDays: 30,
  potentialChurnAfterDays: 60,
  dormantAfterDays: 90,
  deepDormantAfterDays: 180,
  churnedAfterDays: 365,
};

export function validateLifecycleThresholds(t: LifecycleThresholds): void {
  const ladder = [
    t.silentAfterDays,
    t.potentialChurnAfterDays,
    t.dormantAfterDays,
    t.deepDormantAfterDays,
    t.churnedAfterDays,
  ];
  const wholeDays = [t.newCustomerDays, ...ladder].every((d) => Number.isInteger(d) && d > 0);
  const increasing = ladder.every((d, i) => i === 0 || d > ladder[i - 1]);
  if (!wholeDays || !increasing) {
    throw new RangeError(
      `lifecycle thresholds must be positive whole days with silence thresholds increasing: ${JSON.stringify(t)}`,
    );
  }
}

export interface LifecycleInput {
  /** First purchase (epoch ms); undefined for someone who never bought. */
  readonly firstPurchaseAt?: number;
  /** Last interaction of any kind (purchase, visit, contact), epoch ms; defaults to the first purchase. */
  readonly lastInteractionAt?: number;
  readonly asOf: number;
}

/** Stage at the as-of instant, from whole UTC days of silence and of tenure. */
export function lifecycleStage(
  input: LifecycleInput,
  thresholds: LifecycleThresholds = DEFAULT_LIFECYCLE_THRESHOLDS,
): LifecycleStage {
  validateLifecycleThresholds(thresholds);
  if (input.firstPurchaseAt === undefined) return 'prospect';
  const today = utcDayIndex(input.asOf);
  const lastInteraction = Math.max(input.lastInteractionAt ?? input.firstPurchaseAt, input.firstPurchaseAt);
  const silentDays = today - utcDayIndex(lastInteraction);
  if (silentDays >= thresholds.churnedAfterDays) return 'churned';
  if (silentDays >= thresholds.deepDormantAfterDays) return 'deep-dormant';
  if (silentDays >= thresholds.dormantAfterDays) return 'dormant';
  if (silentDays >= thresholds.potentialChurnAfterDays) return 'potential-churn';
  if (silentDays >= thresholds.silentAfterDays) return 'silent';
  return today - utcDayIndex(input.firstPurchaseAt) < thresholds.newCustomerDays ? 'new' : 'active';
}
