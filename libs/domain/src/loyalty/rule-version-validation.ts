import { MS_PER_DAY } from '../time/time-unit';
import type { EarningRuleBook, EarningRuleVersion } from './earning-rules';
import { LOYALTY_TIERS } from './loyalty-tier';

const CHANNELS = ['online', 'store', 'app', 'partner'] as const;

/**
 * Why a new rule version cannot be added (empty when it can): whole non-negative numbers
 * everywhere, a tier multiplier of at least 100% (tiers never earn less than basic), a unique
 * version name, and an effective date no earlier than the announcement plus the notice period,
 * so members are never surprised by a change (domain.md §3).
 */
export function ruleVersionProblems(book: EarningRuleBook, version: EarningRuleVersion): string[] {
  const problems: string[] = [];
  const whole = (n: number): boolean => Number.isSafeInteger(n) && n >= 0;
  if (book.versions.some((v) => v.version === version.version)) problems.push(`version ${version.version} exists`);
  if (version.effectiveFrom < version.announcedAt + book.noticePeriodDays * MS_PER_DAY) {
    problems.push(`effectiveFrom must be at least ${book.noticePeriodDays} days after announcedAt (notice period)`);
  }
  for (const channel of CHANNELS) {
    if (!whole(version.basePointsPerCurrencyUnit[channel]))
      problems.push(`basePointsPerCurrencyUnit.${channel} must be a whole number`);
  }
  for (const tier of LOYALTY_TIERS) {
    const percent = version.tierMultiplierPercent[tier];
    if (!whole(percent) || percent < 100) problems.push(`tierMultiplierPercent.${tier} must be a whole number >= 100`);
  }
  for (const [currency, units] of Object.entries(version.minorUnitsPerCurrencyUnit)) {
    if (!Number.isSafeInteger(units) || units <= 0)
      problems.push(`minorUnitsPerCurrencyUnit.${currency} must be positive`);
  }
  if (!whole(version.behaviourPoints.review) || !whole(version.behaviourPoints.referral)) {
    problems.push('behaviourPoints must be whole numbers');
  }
  for (const milestone of version.purchaseMilestones) {
    if (!(Number.isSafeInteger(milestone.purchaseCount) && milestone.purchaseCount > 0) || !whole(milestone.points)) {
      problems.push('purchaseMilestones need a positive purchaseCount and whole points');
    }
  }
  return problems;
}
