import type { AlertLevel, AlertQueueName, AlertRuleReason, AlertRuleSet, AlertTier } from './alert-rule-set';

export interface ActionContext {
  reason: AlertRuleReason;
  queue: AlertQueueName;
  level: AlertLevel;
  tier: AlertTier;
  /** The strongest driver in words, if the prediction has one. */
  topDriver: string | undefined;
}

export interface SuggestedAction {
  id: string;
  text: string;
}

/** The first matching rule's action: its id and its text with `{driver}` filled in. */
export function suggestedAction(context: ActionContext, rules: AlertRuleSet): SuggestedAction {
  const rule = rules.suggestedActions.find(({ when }) =>
    (when.reason === undefined || when.reason === context.reason) &&
    (when.queue === undefined || when.queue === context.queue) &&
    (when.level === undefined || when.level === context.level) &&
    (when.tier === undefined || when.tier === context.tier),
  );
  // ruleSetProblems guarantees a catch-all; this fallback only guards unchecked rule sets.
  const { id, action } = rule ?? { id: 'review', action: 'Review the customer' };
  return { id, text: action.replace('{driver}', context.topDriver ?? 'no single dominant driver') };
}
