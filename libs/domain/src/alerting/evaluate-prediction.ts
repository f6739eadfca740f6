import { alertPriority, alertQueue } from './alert-priority';
import { type AlertLevel, type AlertQueueName, type AlertRuleReason, type AlertRuleSet, type AlertTier, levelRank } from './alert-rule-set';
import { suggestedAction } from './suggested-action';

/** What the rules read from one churn prediction (times in ms since the epoch). */
export interface PredictionFacts {
  customerId: string;
  asOf: number;
  probability: number;
  previousProbability: number | null;
  level: AlertLevel;
  tier: AlertTier;
  signals: readonly string[];
  /** The strongest driver in words, if any. */
  topDriver: string | undefined;
}

export interface OpenAlert {
  alertId: string;
  reason: AlertRuleReason;
  level: AlertLevel;
}

/** What alerting remembers about a customer between predictions. */
export interface CustomerAlertState {
  /** Level and as-of of the customer's previous prediction; undefined before the first. */
  lastLevel: AlertLevel | undefined;
  lastAsOf: number | undefined;
  /** Alerts not yet resolved (open or acknowledged), at most one per reason. */
  open: readonly OpenAlert[];
}

/** The rule-derived content of an alert at this prediction. */
export interface AlertDraft {
  reason: AlertRuleReason;
  level: AlertLevel;
  priority: number;
  queue: AlertQueueName;
  suggestedAction: string;
  /** The id of the suggested-action rule that matched. */
  actionId: string;
}

export type AlertDecision =
  | { kind: 'open'; draft: AlertDraft }
  | { kind: 'escalate'; alertId: string; fromLevel: AlertLevel; draft: AlertDraft }
  | { kind: 'update'; alertId: string; draft: AlertDraft }
  | { kind: 'resolve'; alertId: string; cause: 'risk-fell' };

export interface Evaluation {
  /** Older than the prediction already applied (a late or replayed record): changes nothing. */
  stale: boolean;
  decisions: AlertDecision[];
}

/**
 * Applies the rules to one prediction given the customer's state. Dedupe: at most one unresolved
 * alert per customer and reason; a re-prediction updates it (escalates when the level rose above
 * the alert's) instead of opening another. Below the auto-resolve threshold every unresolved
 * alert resolves (cause risk-fell) and nothing opens.
 */
export function evaluatePrediction(p: PredictionFacts, state: CustomerAlertState, rules: AlertRuleSet): Evaluation {
  if (state.lastAsOf !== undefined && p.asOf < state.lastAsOf) return { stale: true, decisions: [] };
  if (p.probability < rules.autoResolve.belowProbability) {
    return { stale: false, decisions: state.open.map((a) => ({ kind: 'resolve', alertId: a.alertId, cause: 'risk-fell' })) };
  }
  const decisions: AlertDecision[] = [];
  for (const alert of state.open) {
    const draft = draftFor(alert.reason, p, rules);
    decisions.push(levelRank(p.level) > levelRank(alert.level) ? { kind: 'escalate', alertId: alert.alertId, fromLevel: alert.level, draft } : { kind: 'update', alertId: alert.alertId, draft });
  }
  for (const reason of triggeredReasons(p, state, rules)) {
    if (!state.open.some((a) => a.reason === reason)) decisions.push({ kind: 'open', draft: draftFor(reason, p, rules) });
  }
  return { stale: false, decisions };
}

/** The reasons this prediction satisfies, in a fixed order. */
export function triggeredReasons(p: PredictionFacts, state: Pick<CustomerAlertState, 'lastLevel'>, rules: AlertRuleSet): AlertRuleReason[] {
  const reasons: AlertRuleReason[] = [];
  const previousRank = levelRank(state.lastLevel ?? 'low');
  if (rules.open.onLevels.includes(p.level) && levelRank(p.level) > previousRank) reasons.push('risk-level');
  const jump = rules.open.probabilityJump;
  // The epsilon keeps float noise (0.8 - 0.6 = 0.20000000000000007) from counting as "more than 0.2".
  if (jump !== null && p.previousProbability !== null && p.probability - p.previousProbability > jump + 1e-9) reasons.push('probability-jump');
  if (p.signals.length >= rules.open.minSignals) reasons.push('multi-signal');
  return reasons;
}

function draftFor(reason: AlertRuleReason, p: PredictionFacts, rules: AlertRuleSet): AlertDraft {
  const queue = alertQueue(reason, p.tier, rules);
  const action = suggestedAction({ reason, queue, level: p.level, tier: p.tier, topDriver: p.topDriver }, rules);
  return { reason, level: p.level, priority: alertPriority(p.probability, p.tier, rules), queue, suggestedAction: action.text, actionId: action.id };
}

/** The customer's state after the decisions (for callers that replay several predictions in memory). */
export function nextState(state: CustomerAlertState, p: PredictionFacts, decisions: readonly AlertDecision[], newAlertId: (draft: AlertDraft) => string): CustomerAlertState {
  let open = [...state.open];
  for (const d of decisions) {
    if (d.kind === 'resolve') open = open.filter((a) => a.alertId !== d.alertId);
    else if (d.kind === 'open') open.push({ alertId: newAlertId(d.draft), reason: d.draft.reason, level: d.draft.level });
    else open = open.map((a) => (a.alertId === d.alertId ? { ...a, level: d.draft.level } : a));
  }
  return { lastLevel: p.level, lastAsOf: p.asOf, open };
}
