import { readFileSync } from 'node:fs';
import { compileSchema, describeIssues, parseJsonPayload } from '@churn/contracts';
import { type AlertRuleSet, ruleSetProblems } from '@churn/domain';
import { AlertRuleSetSchema } from './rule-set.schema';

const validateRuleSet = compileSchema(AlertRuleSetSchema);

export type RuleSetCheck = { ok: true; rules: AlertRuleSet } | { ok: false; problems: string[] };

/** Structure (JSON Schema) first, then the domain's consistency checks; every problem is named. */
export function checkRuleSet(value: unknown): RuleSetCheck {
  const result = validateRuleSet(value);
  if (!result.ok) return { ok: false, problems: result.issues.map((issue) => describeIssues([issue])) };
  // The schema's static type and the domain's interface describe the same shape; this assignment is the compile-time check.
  const rules: AlertRuleSet = result.value;
  const problems = ruleSetProblems(rules);
  return problems.length === 0 ? { ok: true, rules } : { ok: false, problems };
}

/** Reads and checks a rule-set file; throws with the file name and every problem (start-up stops). */
export function loadRuleSetFile(path: string): AlertRuleSet {
  const parsed = parseJsonPayload(readFileSync(path, 'utf8'));
  if (!parsed.ok) throw new Error(`rule set ${path} is not JSON: ${describeIssues(parsed.issues)}`);
  const check = checkRuleSet(parsed.value);
  if (!check.ok) throw new Error(`rule set ${path} is invalid: ${check.problems.join('; ')}`);
  return check.rules;
}
