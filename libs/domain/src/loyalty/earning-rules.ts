import { MS_PER_DAY } from '../time/time-unit';
import type { BehaviourKind, PurchaseChannel } from './journal-entry';
import type { LoyaltyTier } from './loyalty-tier';

/** Extra points once a customer's n-th purchase is earned (1st, 2nd, 3rd, 5th by default). */
export interface PurchaseMilestone {
  readonly purchaseCount: number;
  readonly points: number;
}

/**
 * One version of the earning rules. Percentages keep the arithmetic in integers: a tier
 * multiplier of 150 means 1.5x the base points.
 */
export interface EarningRuleVersion {
  readonly version: string;
  /** When members were told about this version. */
  readonly announcedAt: number;
  /** When it is meant to apply; it never applies before announcedAt + the notice period. */
  readonly effectiveFrom: number;
  /** Whole points per whole currency unit (1 EUR, 1 USD), by channel. */
  readonly basePointsPerCurrencyUnit: Readonly<Record<PurchaseChannel, number>>;
  /** Minor units in one currency unit for each currency that earns (EUR: 100, JPY: 1). */
  readonly minorUnitsPerCurrencyUnit: Readonly<Record<string, number>>;
  readonly tierMultiplierPercent: Readonly<Record<LoyaltyTier, number>>;
  readonly behaviourPoints: Readonly<Record<BehaviourKind, number>>;
  readonly purchaseMilestones: ReadonlyArray<PurchaseMilestone>;
}

/**
 * A time-boxed bonus such as double points, [startsAt, endsAt). Campaigns live outside the
 * versions because they only ever add points, so they need no notice period.
 */
export interface Campaign {
  readonly campaignId: string;
  readonly startsAt: number;
  readonly endsAt: number;
  /** 200 = double the base points. */
  readonly multiplierPercent: number;
  /** Restricts the campaign to some channels; all channels when absent. */
  readonly channels?: ReadonlyArray<PurchaseChannel>;
}

export interface EarningRuleBook {
  /** Minimum time between announcing a version and applying it (devaluations need notice). */
  readonly noticePeriodDays: number;
  readonly versions: ReadonlyArray<EarningRuleVersion>;
  readonly campaigns: ReadonlyArray<Campaign>;
}

/** The instant a version starts applying: its intended date, pushed back if notice was short. */
export function ruleVersionEffectiveAt(version: EarningRuleVersion, noticePeriodDays: number): number {
  return Math.max(version.effectiveFrom, version.announcedAt + noticePeriodDays * MS_PER_DAY);
}

/** The version in force at an instant: the latest to have taken effect, or undefined before any. */
export function activeRuleVersion(book: EarningRuleBook, at: number): EarningRuleVersion | undefined {
  let active: EarningRuleVersion | undefined;
  let activeSince = -Infinity;
  for (const version of book.versions) {
    const since = ruleVersionEffectiveAt(version, book.noticePeriodDays);
    // Ties go to the later-listed version: a correction published for the same date wins.
    if (since <= at && since >= activeSince) {
      active = version;
      activeSince = since;
    }
  }
  return active;
}

export function activeCampaigns(book: EarningRuleBook, at: number, channel: PurchaseChannel): ReadonlyArray<Campaign> {
  return book.campaigns.filter(
    (c) => c.startsAt <= at && at < c.endsAt && (c.channels === undefined || c.channels.includes(channel)),
  );
}

/** The launch rules: domain.md's examples (review 50, referral 200, milestones 1/2/3/5). */
export const LAUNCH_EARNING_RULES: EarningRuleVersion = {
  version: 'launch-v1',
  announcedAt: Date.UTC(2020, 0, 1),
  effectiveFrom: Date.UTC(2020, 0, 1),
  basePointsPerCurrencyUnit: { online: 1, store: 1, app: 2, partner: 1 },
  minorUnitsPerCurrencyUnit: { EUR: 100, USD: 100, GBP: 100, CHF: 100, JPY: 1 },
  tierMultiplierPercent: { basic: 100, silver: 125, gold: 150, diamond: 200 },
  behaviourPoints: { review: 50, referral: 200 },
  purchaseMilestones: [
    { purchaseCount: 1, points: 100 },
    { purchaseCount: 2, points: 100 },
    { purchaseCount: 3, points: 150 },
    { purchaseCount: 5, points: 300 },
  ],
};

export const DEFAULT_EARNING_RULE_BOOK: EarningRuleBook = {
  noticePeriodDays: 30,
  versions: [LAUNCH_EARNING_RULES],
  campaigns: [],
};
