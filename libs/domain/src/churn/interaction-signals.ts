import { MS_PER_DAY, utcDayIndex } from '../time/time-unit';

/** One customer-service or engagement event (interactions.v1), in the domain's form. */
export interface Interaction {
  /** Epoch ms. */
  readonly occurredAt: number;
  readonly kind: 'complaint' | 'complaint_resolved' | 'support_ticket' | 'nps' | 'satisfaction' | 'review' | 'referral' | 'login' | 'visit';
  readonly score?: number;
  /** Ties a complaint_resolved to its complaint. */
  readonly reference?: string;
}

/**
 * Customer-service signals known at the as-of time (from interactions.v1). Optional: a purchase-only
 * export has none, and the features then take neutral values (no complaint, no NPS answer).
 */
export interface InteractionSignals {
  readonly complaints: number;
  readonly unresolvedComplaints: number;
  /** Latest NPS answer (0-10), if the customer ever answered. */
  readonly latestNps?: number;
  /** Points the latest NPS answer fell below the one before it (0 when it did not fall). */
  readonly npsDecline?: number;
  /** 1 when a complaint is more than COMPLAINT_REPURCHASE_DAYS old with no purchase since. */
  readonly complaintWithoutRepurchase?: number;
  /** 1 when the two latest answered weeks are consecutive and both below the satisfaction threshold. */
  readonly lowSatisfaction?: number;
  /** Logins + visits of the last 7 days over the 7 before, minus 1 (0 without earlier activity). */
  readonly engagementChange?: number;
  /** 1 when that activity fell by ENGAGEMENT_DROP or more week over week. */
  readonly engagementDrop?: number;
}

export const NO_INTERACTION_SIGNALS: InteractionSignals = { complaints: 0, unresolvedComplaints: 0 };

/** The documents' rules, as defaults every caller may override. */
export interface InteractionSignalOptions {
  /** Days after a complaint within which a repurchase must come (documents: 30). */
  readonly complaintRepurchaseDays: number;
  /** Satisfaction (1-5) answers below this are unhappy. */
  readonly satisfactionThreshold: number;
  /** Week-over-week fall of logins + visits that counts as disengagement (documents: 50%). */
  readonly engagementDrop: number;
  /** Fewest logins + visits in the earlier week for a fall to mean anything. */
  readonly engagementMinimum: number;
}

export const DEFAULT_INTERACTION_SIGNAL_OPTIONS: InteractionSignalOptions = {
  complaintRepurchaseDays: 30,
  satisfactionThreshold: 3,
  engagementDrop: 0.5,
  engagementMinimum: 2,
};

/** NPS detractors answer 0-6, promoters 9-10 (the standard NPS bands). */
export function npsBand(score: number | undefined): 'detractor' | 'passive' | 'promoter' | 'none' {
  if (score === undefined) return 'none';
  if (score <= 6) return 'detractor';
  return score >= 9 ? 'promoter' : 'passive';
}

function unresolved(complaints: readonly Interaction[], resolutions: readonly Interaction[]): Interaction[] {
  const resolvedRefs = new Set(resolutions.flatMap((r) => (r.reference === undefined ? [] : [r.reference])));
  // A resolution without a reference closes the oldest open complaint without one.
  let anonymousResolutions = resolutions.filter((r) => r.reference === undefined).length;
  return complaints.filter((c) => {
    if (c.reference !== undefined) return !resolvedRefs.has(c.reference);
    if (anonymousResolutions > 0) {
      anonymousResolutions -= 1;
      return false;
    }
    return true;
  });
}

function lowSatisfactionWeeks(answers: readonly Interaction[], threshold: number): number {
  const byWeek = new Map<number, number[]>();
  for (const a of answers) {
    const week = Math.floor(utcDayIndex(a.occurredAt) / 7);
    byWeek.set(week, [...(byWeek.get(week) ?? []), a.score ?? threshold]);
  }
  const weeks = [...byWeek.keys()].sort((x, y) => y - x);
  if (weeks.length < 2 || weeks[0] - weeks[1] !== 1) return 0;
  const low = (week: number): boolean => {
    const scores = byWeek.get(week) ?? [];
    return scores.reduce((s, v) => s + v, 0) / scores.length < threshold;
  };
  return low(weeks[0]) && low(weeks[1]) ? 1 : 0;
}

/**
 * Folds a customer's interactions (any order; those after the as-of instant ignored) into the
 * signals of the early-warning list (domain.md section 2). `lastPurchaseAt` (epoch ms, if any)
 * decides whether a complaint was followed by a repurchase.
 */
export function interactionSignals(
  interactions: readonly Interaction[],
  asOf: number,
  lastPurchaseAt: number | undefined,
  options: InteractionSignalOptions = DEFAULT_INTERACTION_SIGNAL_OPTIONS,
): InteractionSignals {
  const known = interactions.filter((i) => i.occurredAt <= asOf).sort((a, b) => a.occurredAt - b.occurredAt);
  const of = (kind: Interaction['kind']): Interaction[] => known.filter((i) => i.kind === kind);
  const complaints = of('complaint');
  const nps = of('nps');
  const latestNps = nps.at(-1)?.score;
  const previousNps = nps.at(-2)?.score;
  const lastComplaint = complaints.at(-1);
  const repurchaseDeadline = lastComplaint && lastComplaint.occurredAt + options.complaintRepurchaseDays * MS_PER_DAY;
  const activity = known.filter((i) => i.kind === 'login' || i.kind === 'visit');
  const lastWeek = activity.filter((i) => i.occurredAt > asOf - 7 * MS_PER_DAY).length;
  const weekBefore = activity.filter((i) => i.occurredAt <= asOf - 7 * MS_PER_DAY && i.occurredAt > asOf - 14 * MS_PER_DAY).length;
  const engagementChange = weekBefore > 0 ? lastWeek / weekBefore - 1 : 0;
  return {
    complaints: complaints.length,
    unresolvedComplaints: unresolved(complaints, of('complaint_resolved')).length,
    ...(latestNps === undefined ? {} : { latestNps }),
    npsDecline: latestNps !== undefined && previousNps !== undefined ? Math.max(0, previousNps - latestNps) : 0,
    complaintWithoutRepurchase:
      repurchaseDeadline !== undefined && repurchaseDeadline <= asOf && (lastPurchaseAt ?? -Infinity) <= lastComplaint!.occurredAt ? 1 : 0,
    lowSatisfaction: lowSatisfactionWeeks(of('satisfaction'), options.satisfactionThreshold),
    engagementChange,
    engagementDrop: weekBefore >= options.engagementMinimum && engagementChange <= -options.engagementDrop ? 1 : 0,
  };
}
