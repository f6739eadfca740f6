import type { AlertLevel, AlertQueueName, AlertRuleReason, AlertRuleSet } from './alert-rule-set';
import { type AlertDecision, type CustomerAlertState, type PredictionFacts, evaluatePrediction, nextState } from './evaluate-prediction';

export interface DryRunAlert {
  customerId: string;
  reason: AlertRuleReason;
  level: AlertLevel;
  queue: AlertQueueName;
  priority: number;
  suggestedAction: string;
  actionId: string;
}

export interface DryRunReport {
  ruleVersion: string;
  predictions: number;
  opened: number;
  escalated: number;
  resolved: number;
  openedBy: { reason: Record<string, number>; queue: Record<string, number>; level: Record<string, number> };
  /** The alerts that would open, highest priority first (at most `limit`). */
  alerts: DryRunAlert[];
}

/**
 * Replays predictions (any order; applied per customer by as-of) through a rule set from a clean
 * state, and reports what would open, escalate and resolve. Nothing is stored or sent.
 */
export function dryRunRules(predictions: readonly PredictionFacts[], rules: AlertRuleSet, limit = 100): DryRunReport {
  const sorted = [...predictions].sort((a, b) => a.asOf - b.asOf);
  const states = new Map<string, CustomerAlertState>();
  const counts = { opened: 0, escalated: 0, resolved: 0 };
  const openedBy: DryRunReport['openedBy'] = { reason: {}, queue: {}, level: {} };
  const alerts: DryRunAlert[] = [];
  let sequence = 0;
  for (const p of sorted) {
    const state = states.get(p.customerId) ?? { lastLevel: undefined, lastAsOf: undefined, open: [] };
    const { decisions } = evaluatePrediction(p, state, rules);
    for (const d of decisions) count(d, p, counts, openedBy, alerts);
    states.set(p.customerId, nextState(state, p, decisions, () => `dry-${++sequence}`));
  }
  alerts.sort((a, b) => b.priority - a.priority);
  return { ruleVersion: rules.version, predictions: predictions.length, ...counts, openedBy, alerts: alerts.slice(0, limit) };
}

function count(d: AlertDecision, p: PredictionFacts, counts: { opened: number; escalated: number; resolved: number }, openedBy: DryRunReport['openedBy'], alerts: DryRunAlert[]): void {
  if (d.kind === 'escalate') counts.escalated++;
  if (d.kind === 'resolve') counts.resolved++;
  if (d.kind !== 'open') return;
  counts.opened++;
  const { reason, queue, level, priority, suggestedAction, actionId } = d.draft;
  openedBy.reason[reason] = (openedBy.reason[reason] ?? 0) + 1;
  openedBy.queue[queue] = (openedBy.queue[queue] ?? 0) + 1;
  openedBy.level[level] = (openedBy.level[level] ?? 0) + 1;
  alerts.push({ customerId: p.customerId, reason, level, queue, priority, suggestedAction, actionId });
}
