/** Levels, tiers, reasons and queues as the alerting rules name them (mirrors of the contracts' unions). */
export type AlertLevel = 'high' | 'medium' | 'low';
export type AlertTier = 'diamond' | 'gold' | 'silver' | 'basic';
export type AlertRuleReason = 'risk-level' | 'probability-jump' | 'multi-signal';
export type AlertQueueName = 'vip-team' | 'account-manager' | 'automated-campaign';

export const ALERT_LEVELS: readonly AlertLevel[] = ['low', 'medium', 'high'];
export const ALERT_TIERS: readonly AlertTier[] = ['diamond', 'gold', 'silver', 'basic'];

/** low < medium < high, for "rises to" and "escalates". */
export const levelRank = (level: AlertLevel): number => ALERT_LEVELS.indexOf(level);

/** First rule whose `when` matches gives the suggested action; an empty `when` matches everything. */
export interface SuggestedActionRule {
  /** Stable name of the strategy, e.g. "vip-call": the closed-loop report compares strategies by it. */
  readonly id: string;
  readonly when: { readonly reason?: AlertRuleReason; readonly queue?: AlertQueueName; readonly level?: AlertLevel; readonly tier?: AlertTier };
  /** `{driver}` is replaced by the prediction's strongest driver in words. */
  readonly action: string;
}

/**
 * The alerting rules: versioned data (a JSON file), not code. Every number the business documents
 * name is here with its documented default (domain.md section 2).
 */
export interface AlertRuleSet {
  readonly version: string;
  readonly open: {
    /** Open when the risk level rises to one of these. */
    readonly onLevels: readonly AlertLevel[];
    /** Open when the probability rose by more than this since the previous prediction; null: off. */
    readonly probabilityJump: number | null;
    /** Open when at least this many warning signals hold at once (routes to vip-team). */
    readonly minSignals: number;
  };
  readonly autoResolve: {
    /** Open alerts resolve (cause risk-fell) when the probability falls below this. */
    readonly belowProbability: number;
    /** Open alerts resolve (cause purchase) when the customer buys again. */
    readonly onPurchase: boolean;
  };
  /** Priority = probability x tier weight: value-weighted risk. */
  readonly tierWeights: Readonly<Record<AlertTier, number>>;
  /** Tiers routed to a dedicated account manager; the rest go to automated campaigns. */
  readonly accountManagerTiers: readonly AlertTier[];
  /** At most `maxAlerts` alerts per customer reach a channel within a rolling `windowDays`. */
  readonly contactFatigue: { readonly maxAlerts: number; readonly windowDays: number };
  /** Share of alerts held back from every channel to measure uplift (0..1). */
  readonly controlGroupShare: number;
  /** Purchases within this many days after an alert opened count as "retained". */
  readonly outcomeWindowDays: number;
  readonly suggestedActions: readonly SuggestedActionRule[];
}

/**
 * Checks what a JSON schema cannot say: cross-field consistency. Returns readable problems,
 * empty when the rule set is usable.
 */
export function ruleSetProblems(rules: AlertRuleSet): string[] {
  const problems: string[] = [];
  if (rules.open.onLevels.includes('low')) problems.push('open.onLevels: "low" is not a rise; use medium and/or high');
  for (const tier of ALERT_TIERS) {
    const weight = rules.tierWeights[tier];
    if (!(weight > 0)) problems.push(`tierWeights.${tier}: must be a positive number`);
  }
  const order = ALERT_TIERS.map((t) => rules.tierWeights[t]);
  if (order.some((w, i) => i > 0 && w > order[i - 1]!)) problems.push('tierWeights: must not increase from diamond to basic (higher value weighs at least as much)');
  if (!rules.suggestedActions.some((r) => Object.keys(r.when).length === 0)) {
    problems.push('suggestedActions: the last rule must match everything (an empty "when"), so every alert gets an action');
  } else if (Object.keys(rules.suggestedActions.at(-1)!.when).length !== 0) {
    problems.push('suggestedActions: the catch-all rule (empty "when") must come last; rules after it never apply');
  }
  const ids = rules.suggestedActions.map((r) => r.id);
  const duplicate = ids.find((id, i) => ids.indexOf(id) !== i);
  if (duplicate !== undefined) problems.push(`suggestedActions: id "${duplicate}" is used twice; the outcome report compares actions by id`);
  if (rules.controlGroupShare < 0 || rules.controlGroupShare >= 1) problems.push('controlGroupShare: must be in [0, 1)');
  return problems;
}
