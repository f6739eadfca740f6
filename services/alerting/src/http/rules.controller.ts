import { Body, Controller, Get, HttpCode, Inject, Post } from '@nestjs/common';
import { ChurnPredictionV1, compileSchema, describeIssues } from '@churn/contracts';
import { type AlertRuleSet, type DryRunReport, dryRunRules } from '@churn/domain';
import { ProblemException, problem } from '@churn/http';
import { DataSource } from 'typeorm';
import type { AlertingConfig } from '../config';
import { AlertStore } from '../lifecycle/alert.store';
import { ActiveRules } from '../rules/active-rules';
import { predictionFacts } from '../rules/prediction-facts';
import { checkRuleSet } from '../rules/rule-set-loader';
import { ALERTING_CONFIG } from '../tokens';
import { DryRunRequest, requestValidator } from './request-bodies';

const validateDryRun = requestValidator(DryRunRequest);
const validatePrediction = compileSchema(ChurnPredictionV1);

/** The rules in force, and a dry run of candidate rules against recent predictions. */
@Controller('v1/rules')
export class RulesController {
  constructor(
    private readonly dataSource: DataSource,
    private readonly alerts: AlertStore,
    private readonly rules: ActiveRules,
    @Inject(ALERTING_CONFIG) private readonly config: AlertingConfig,
  ) {}

  @Get()
  active(): AlertRuleSet {
    return this.rules.current;
  }

  /**
   * Replays the given predictions (default: the latest one of the most recently predicted
   * customers) through the candidate rules and through the active ones, from a clean state.
   * Nothing is stored or sent. 400 lists every problem of an invalid rule set.
   */
  @Post('dry-run')
  @HttpCode(200)
  async dryRun(@Body() body: unknown): Promise<{ candidate: DryRunReport; active: DryRunReport }> {
    const request = validateDryRun(body);
    const check = checkRuleSet(request.rules);
    if (!check.ok) throw new ProblemException(problem(400, `invalid rule set: ${check.problems.join('; ')}`, { problems: check.problems }));
    const max = this.config.DRY_RUN_MAX_PREDICTIONS;
    if (request.predictions && request.predictions.length > max) throw new ProblemException(problem(400, `at most ${max} predictions per dry run`));
    const predictions = request.predictions ? request.predictions.map(checkedPrediction) : await this.alerts.recentPredictions(this.dataSource.manager, max);
    const facts = predictions.map(predictionFacts);
    const limit = request.limit ?? 100;
    return { candidate: dryRunRules(facts, check.rules, limit), active: dryRunRules(facts, this.rules.current, limit) };
  }
}

function checkedPrediction(value: unknown, index: number): ChurnPredictionV1 {
  const result = validatePrediction(value);
  if (!result.ok) throw new ProblemException(problem(400, `predictions[${index}]: ${describeIssues(result.issues)}`));
  return result.value;
}
