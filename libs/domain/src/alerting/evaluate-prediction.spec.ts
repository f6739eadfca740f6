import { alertPriority, alertQueue } from './alert-priority';
import { type AlertRuleSet, ruleSetProblems } from './alert-rule-set';
import { inControlGroup } from './control-group';
import { withinContactBudget } from './contact-fatigue';
import { retryDelayMs } from './delivery-backoff';
import { transition } from './alert-lifecycle';
import { type CustomerAlertState, type PredictionFacts, evaluatePrediction, nextState } from './evaluate-prediction';
import { dryRunRules } from './rules-dry-run';
import { outcomeReport } from './outcome-report';
import { suggestedAction } from './suggested-action';

const DAY = 86_400_000;

const rules: AlertRuleSet = {
  version: 'test-1',
  open: { onLevels: ['medium', 'high'], probabilityJump: 0.2, minSignals: 3 },
  autoResolve: { belowProbability: 0.35, onPurchase: true },
  tierWeights: { diamond: 8, gold: 4, silver: 2, basic: 1 },
  accountManagerTiers: ['diamond', 'gold'],
  contactFatigue: { maxAlerts: 3, windowDays: 7 },
  controlGroupShare: 0.1,
  outcomeWindowDays: 90,
  suggestedActions: [
    { id: 'vip-call', when: { queue: 'vip-team' }, action: 'VIP call: {driver}' },
    { id: 'am-call', when: { queue: 'account-manager', level: 'high' }, action: 'Account manager calls within a day: {driver}' },
    { id: 'win-back', when: {}, action: 'Win-back campaign: {driver}' },
  ],
};

const fresh: CustomerAlertState = { lastLevel: undefined, lastAsOf: undefined, open: [] };
const prediction = (over: Partial<PredictionFacts> = {}): PredictionFacts => ({
  customerId: 'c1',
  asOf: 1_000 * DAY,
  probability: 0.8,
  previousProbability: null,
  level: 'high',
  tier: 'basic',
  signals: [],
  topDriver: 'no purchase for 94 days',
  ...over,
});

describe('opening rules', () => {
  it('opens a risk-level alert when the level rises to medium or high, not when it stays', () => {
    expect(evaluatePrediction(prediction({ level: 'medium', probability: 0.5 }), fresh, rules).decisions).toEqual([
      { kind: 'open', draft: { reason: 'risk-level', level: 'medium', priority: 0.5, queue: 'automated-campaign', suggestedAction: 'Win-back campaign: no purchase for 94 days', actionId: 'win-back' } },
    ]);
    const stillHigh: CustomerAlertState = { lastLevel: 'high', lastAsOf: 0, open: [] };
    expect(evaluatePrediction(prediction(), stillHigh, rules).decisions).toEqual([]);
    expect(evaluatePrediction(prediction({ level: 'low', probability: 0.36 }), fresh, rules).decisions).toEqual([]);
  });

  it('opens on a probability jump above the configured delta only', () => {
    const state: CustomerAlertState = { lastLevel: 'high', lastAsOf: 0, open: [] };
    const reasons = (previousProbability: number, probability: number, jump: number | null): string[] =>
      evaluatePrediction(prediction({ previousProbability, probability }), state, { ...rules, open: { ...rules.open, probabilityJump: jump } }).decisions.map((d) =>
        d.kind === 'open' ? d.draft.reason : d.kind,
      );
    expect(reasons(0.55, 0.8, 0.2)).toEqual(['probability-jump']);
    expect(reasons(0.6, 0.8, 0.2)).toEqual([]);
    expect(reasons(0.7, 0.8, 0.05)).toEqual(['probability-jump']);
    expect(reasons(0.1, 0.8, null)).toEqual([]);
  });

  it('routes 3+ signals to the VIP team regardless of level, and the other reasons by tier', () => {
    const p = prediction({ level: 'low', probability: 0.38, tier: 'basic', signals: ['long-gap', 'order-drop', 'refunds'] });
    const [decision] = evaluatePrediction(p, fresh, rules).decisions;
    expect(decision).toMatchObject({ kind: 'open', draft: { reason: 'multi-signal', queue: 'vip-team', level: 'low', suggestedAction: 'VIP call: no purchase for 94 days' } });
    expect(evaluatePrediction({ ...p, signals: ['long-gap', 'order-drop'] }, fresh, rules).decisions).toEqual([]);
    expect(alertQueue('risk-level', 'diamond', rules)).toBe('account-manager');
    expect(alertQueue('risk-level', 'gold', rules)).toBe('account-manager');
    expect(alertQueue('probability-jump', 'silver', rules)).toBe('automated-campaign');
    expect(alertQueue('multi-signal', 'diamond', rules)).toBe('vip-team');
  });

  it('ranks a high-risk Diamond customer above a high-risk Basic one (risk x value)', () => {
    expect(alertPriority(0.75, 'diamond', rules)).toBeGreaterThan(alertPriority(0.95, 'basic', rules));
    expect(alertPriority(0.9, 'gold', rules)).toBe(3.6);
  });
});

describe('dedupe, escalation, auto-resolve', () => {
  it('updates the open alert of a reason instead of opening another, and escalates when the level rises', () => {
    const state: CustomerAlertState = { lastLevel: 'medium', lastAsOf: 0, open: [{ alertId: 'a1', reason: 'risk-level', level: 'medium' }] };
    const rose = evaluatePrediction(prediction({ probability: 0.75 }), state, rules).decisions;
    expect(rose).toEqual([expect.objectContaining({ kind: 'escalate', alertId: 'a1', fromLevel: 'medium', draft: expect.objectContaining({ level: 'high' }) })]);
    const same = evaluatePrediction(prediction({ level: 'medium', probability: 0.5 }), state, rules).decisions;
    expect(same).toEqual([expect.objectContaining({ kind: 'update', alertId: 'a1' })]);
  });

  it('resolves every unresolved alert when the risk falls below the threshold, and opens nothing', () => {
    const state: CustomerAlertState = {
      lastLevel: 'high',
      lastAsOf: 0,
      open: [
        { alertId: 'a1', reason: 'risk-level', level: 'high' },
        { alertId: 'a2', reason: 'multi-signal', level: 'high' },
      ],
    };
    const p = prediction({ probability: 0.2, level: 'low', signals: ['long-gap', 'order-drop', 'refunds'] });
    expect(evaluatePrediction(p, state, rules).decisions).toEqual([
      { kind: 'resolve', alertId: 'a1', cause: 'risk-fell' },
      { kind: 'resolve', alertId: 'a2', cause: 'risk-fell' },
    ]);
  });

  it('ignores a prediction older than the one already applied', () => {
    const state: CustomerAlertState = { lastLevel: 'low', lastAsOf: 2_000 * DAY, open: [] };
    expect(evaluatePrediction(prediction(), state, rules)).toEqual({ stale: true, decisions: [] });
  });

  it('carries state forward: open then escalate then resolve', () => {
    let state = fresh;
    const steps = [prediction({ level: 'medium', probability: 0.5, asOf: 1 }), prediction({ asOf: 2 }), prediction({ level: 'low', probability: 0.1, asOf: 3 })];
    const kinds = steps.map((p) => {
      const { decisions } = evaluatePrediction(p, state, rules);
      state = nextState(state, p, decisions, () => 'a1');
      return decisions.map((d) => d.kind);
    });
    expect(kinds).toEqual([['open'], ['escalate'], ['resolve']]);
    expect(state.open).toEqual([]);
  });
});

describe('rule set checks', () => {
  it('accepts the test rules and names each inconsistency', () => {
    expect(ruleSetProblems(rules)).toEqual([]);
    const bad: AlertRuleSet = {
      ...rules,
      open: { ...rules.open, onLevels: ['low', 'high'] },
      tierWeights: { diamond: 1, gold: 4, silver: 0, basic: 1 },
      suggestedActions: [{ id: 'a', when: {}, action: 'x' }, { id: 'a', when: { level: 'high' }, action: 'y' }],
    };
    expect(ruleSetProblems(bad)).toEqual([
      expect.stringMatching(/^open.onLevels/),
      'tierWeights.silver: must be a positive number',
      expect.stringMatching(/^tierWeights: must not increase/),
      expect.stringMatching(/catch-all rule .* must come last/),
      'suggestedActions: id "a" is used twice; the outcome report compares actions by id',
    ]);
    expect(ruleSetProblems({ ...rules, suggestedActions: [{ id: 'b', when: { level: 'high' }, action: 'y' }] })).toEqual([expect.stringMatching(/must match everything/)]);
  });

  it('fills the driver into the action text', () => {
    expect(suggestedAction({ reason: 'risk-level', queue: 'account-manager', level: 'high', tier: 'gold', topDriver: undefined }, rules)).toEqual({
      id: 'am-call',
      text: 'Account manager calls within a day: no single dominant driver',
    });
  });
});

describe('contact fatigue, control group, backoff, lifecycle', () => {
  it('lets at most maxAlerts alerts per rolling window reach a channel', () => {
    const now = 100 * DAY;
    const limit = { maxAlerts: 3, windowDays: 7 };
    expect(withinContactBudget([now - DAY, now - 2 * DAY], now, limit)).toBe(true);
    expect(withinContactBudget([now - DAY, now - 2 * DAY, now - 6 * DAY], now, limit)).toBe(false);
    // The oldest one left the rolling week.
    expect(withinContactBudget([now - DAY, now - 2 * DAY, now - 7 * DAY], now, limit)).toBe(true);
  });

  it('holds back a stable, configurable share of alerts', () => {
    const ids = Array.from({ length: 20_000 }, (_, i) => `alert-${i}`);
    const share = ids.filter((id) => inControlGroup(id, 0.1)).length / ids.length;
    expect(share).toBeGreaterThan(0.09);
    expect(share).toBeLessThan(0.11);
    expect(ids.map((id) => inControlGroup(id, 0.1))).toEqual(ids.map((id) => inControlGroup(id, 0.1)));
    expect(ids.some((id) => inControlGroup(id, 0))).toBe(false);
  });

  it('backs off exponentially with full jitter under a cap', () => {
    const policy = { baseMs: 100, maxMs: 1_000 };
    expect([1, 2, 3, 4, 5].map((n) => retryDelayMs(n, policy, () => 0.999999))).toEqual([99, 199, 399, 799, 999]);
    expect(retryDelayMs(3, policy, () => 0)).toBe(0);
    expect(retryDelayMs(0, policy)).toBe(0);
  });

  it('moves open -> acknowledged -> resolved and refuses the rest', () => {
    expect(transition('open', 'acknowledge')).toEqual({ ok: true, status: 'acknowledged' });
    expect(transition('acknowledged', 'resolve')).toEqual({ ok: true, status: 'resolved' });
    expect(transition('open', 'resolve')).toEqual({ ok: true, status: 'resolved' });
    expect(transition('acknowledged', 'acknowledge')).toMatchObject({ ok: false });
    expect(transition('resolved', 'resolve')).toMatchObject({ ok: false, reason: 'the alert is already resolved' });
  });
});

describe('dry run and outcome report', () => {
  it('reports what a rule set would open over recent predictions', () => {
    const predictions = [
      prediction({ customerId: 'a', asOf: 2, probability: 0.8, previousProbability: 0.5 }),
      prediction({ customerId: 'a', asOf: 1, level: 'medium', probability: 0.5 }),
      prediction({ customerId: 'b', asOf: 1, tier: 'diamond', probability: 0.9 }),
      prediction({ customerId: 'c', asOf: 1, level: 'low', probability: 0.1 }),
    ];
    const report = dryRunRules(predictions, rules);
    expect(report).toMatchObject({ ruleVersion: 'test-1', predictions: 4, opened: 3, escalated: 1, resolved: 0 });
    expect(report.openedBy.reason).toEqual({ 'risk-level': 2, 'probability-jump': 1 });
    expect(report.alerts[0]).toMatchObject({ customerId: 'b', queue: 'account-manager', priority: 7.2 });
    const stricter = dryRunRules(predictions, { ...rules, open: { ...rules.open, onLevels: ['high'], probabilityJump: null } });
    expect(stricter.opened).toBe(2);
  });

  it('gives retained share per reason and action, treatment vs control, with uplift', () => {
    const rows = [
      ...Array.from({ length: 10 }, (_, i) => ({ reason: 'risk-level', actionId: 'call', controlGroup: false, retained: i < 6 })),
      ...Array.from({ length: 4 }, (_, i) => ({ reason: 'risk-level', actionId: 'call', controlGroup: true, retained: i < 1 })),
      { reason: 'multi-signal', actionId: 'vip', controlGroup: false, retained: true, alerts: 2 },
    ];
    const report = outcomeReport(rows);
    expect(report.byReason.find((g) => g.key === 'risk-level')).toEqual({
      key: 'risk-level',
      treatment: { alerts: 10, retained: 6, retainedShare: 0.6 },
      control: { alerts: 4, retained: 1, retainedShare: 0.25 },
      uplift: 0.35,
    });
    expect(report.byAction.find((g) => g.key === 'vip')!.uplift).toBeNull();
    expect(report.overall.treatment).toEqual({ alerts: 12, retained: 8, retainedShare: 0.6667 });
  });
});
