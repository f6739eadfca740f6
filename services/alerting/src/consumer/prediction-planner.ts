import { randomUUID } from 'node:crypto';
import type { ChurnPredictionV1 } from '@churn/contracts';
import { type AlertDraft, type AlertRuleReason, type AlertRuleSet, evaluatePrediction, inControlGroup, withinContactBudget } from '@churn/domain';
import { AlertChanges } from '../lifecycle/alert-changes';
import type { AlertRow } from '../lifecycle/alert-row';
import type { CustomerState } from '../lifecycle/alert.store';
import { predictionFacts } from '../rules/prediction-facts';

/**
 * Applies a batch's predictions in memory, in order, over the customers' locked state: the
 * domain decides (open / escalate / update / resolve); this class turns decisions into rows with
 * ids, times, the control-group draw and the contact-fatigue check, and collects the changes.
 */
export class PredictionPlanner {
  readonly changes: AlertChanges;
  private readonly unresolved = new Map<string, AlertRow[]>();
  private readonly touchedStates = new Map<string, CustomerState>();
  stale = 0;

  constructor(
    private readonly rules: AlertRuleSet,
    private readonly now: Date,
    private readonly states: Map<string, CustomerState>,
    unresolved: readonly AlertRow[],
    /** When the customer's alerts that reached a channel opened, within the fatigue window. */
    private readonly reachedChannelAt: Map<string, number[]>,
  ) {
    this.changes = new AlertChanges(now);
    for (const row of unresolved) this.unresolved.set(row.customerId, [...(this.unresolved.get(row.customerId) ?? []), row]);
  }

  get customerStates(): CustomerState[] {
    return [...this.touchedStates.values()];
  }

  apply(p: ChurnPredictionV1): void {
    const state = this.states.get(p.customerId);
    const rows = this.unresolved.get(p.customerId) ?? [];
    const facts = predictionFacts(p);
    const open = rows.map((r) => ({ alertId: r.alertId, reason: r.reason as AlertRuleReason, level: r.level }));
    const evaluation = evaluatePrediction(facts, { lastLevel: state?.lastLevel, lastAsOf: state && Date.parse(state.lastAsOf), open }, this.rules);
    if (evaluation.stale) {
      this.stale++;
      return;
    }
    let current = [...rows];
    for (const decision of evaluation.decisions) {
      if (decision.kind === 'open') {
        const row = this.newAlert(p, decision.draft);
        current.push(row);
        this.changes.opened(row, { probability: p.probability, signals: p.signals.length });
        continue;
      }
      const existing = current.find((r) => r.alertId === decision.alertId)!;
      const now = this.now.toISOString();
      if (decision.kind === 'resolve') {
        const row: AlertRow = { ...existing, status: 'resolved', updatedAt: now, resolvedAt: now, resolvedBy: 'system', resolutionCause: 'risk-fell' };
        current = current.filter((r) => r.alertId !== row.alertId);
        this.changes.changed(row, 'resolved', 'system', { cause: 'risk-fell', probability: p.probability });
        continue;
      }
      const row: AlertRow = { ...existing, ...this.fromPrediction(p, decision.draft), updatedAt: now };
      current = current.map((r) => (r.alertId === row.alertId ? row : r));
      if (decision.kind === 'escalate') this.changes.changed(row, 'escalated', 'system', { fromLevel: decision.fromLevel, toLevel: row.level });
      else this.changes.changed(row);
    }
    this.unresolved.set(p.customerId, current);
    const next: CustomerState = { customerId: p.customerId, lastLevel: p.riskLevel, lastAsOf: p.asOf, lastPrediction: p };
    this.states.set(p.customerId, next);
    this.touchedStates.set(p.customerId, next);
  }

  private fromPrediction(p: ChurnPredictionV1, draft: AlertDraft): Pick<AlertRow, 'level' | 'priority' | 'tier' | 'queue' | 'probability' | 'drivers' | 'signals' | 'suggestedAction' | 'actionId' | 'modelVersion'> {
    return {
      level: draft.level,
      priority: draft.priority,
      tier: p.tier,
      queue: draft.queue,
      probability: p.probability,
      drivers: p.drivers,
      signals: p.signals,
      suggestedAction: draft.suggestedAction,
      actionId: draft.actionId,
      modelVersion: p.modelVersion,
    };
  }

  private newAlert(p: ChurnPredictionV1, draft: AlertDraft): AlertRow {
    const alertId = randomUUID();
    const controlGroup = inControlGroup(alertId, this.rules.controlGroupShare);
    const reached = this.reachedChannelAt.get(p.customerId) ?? [];
    const heldBackBy = controlGroup ? 'control-group' : withinContactBudget(reached, this.now.getTime(), this.rules.contactFatigue) ? null : 'contact-fatigue';
    if (heldBackBy === null) this.reachedChannelAt.set(p.customerId, [...reached, this.now.getTime()]);
    const now = this.now.toISOString();
    return {
      alertId,
      customerId: p.customerId,
      reason: draft.reason,
      status: 'open',
      controlGroup,
      heldBackBy,
      ruleVersion: this.rules.version,
      ...this.fromPrediction(p, draft),
      openedAt: now,
      updatedAt: now,
      acknowledgedAt: null,
      acknowledgedBy: null,
      resolvedAt: null,
      resolvedBy: null,
      resolutionCause: null,
      outcome: null,
    };
  }
}
