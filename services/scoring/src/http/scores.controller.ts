import { Body, Controller, Get, HttpCode, Inject, Param, Post } from '@nestjs/common';
import type { ScoreV1 } from '@churn/contracts';
import { ProblemException, problem } from '@churn/http';
import type { ScoringConfig } from '../config';
import { type BulkRescoreJob, BulkRescoreJobs } from '../rescore/bulk-rescore.job';
import { type RescoreResult, Rescorer } from '../rescore/rescorer';
import { ScoreReader } from '../scores/score.reader';
import { SCORING_CONFIG } from '../tokens';
import { BulkRescoreRequest, RescoreRequest, bodyValidator } from './request-bodies';

const validateRescore = bodyValidator(RescoreRequest);
const validateBulk = bodyValidator(BulkRescoreRequest);

/** Live scores and the re-score path (the churn clock's: customers who stop buying send no events). */
@Controller('v1')
export class ScoresController {
  constructor(
    private readonly scores: ScoreReader,
    private readonly rescorer: Rescorer,
    private readonly jobs: BulkRescoreJobs,
    @Inject(SCORING_CONFIG) private readonly config: ScoringConfig,
  ) {}

  /** From Redis, or computed from the history when Redis misses it or is down; 404 when the history gives none. */
  @Get('customers/:customerId/score')
  async score(@Param('customerId') customerId: string): Promise<ScoreV1> {
    const score = await this.scores.read(customerId);
    if (!score) throw new ProblemException(problem(404, 'no score for this customer'));
    return score;
  }

  /** Synchronous: 200 once the scores are in Redis and in the outbox (published shortly after). */
  @Post('scores/rescore')
  @HttpCode(200)
  async rescore(@Body() body: unknown): Promise<RescoreResult> {
    const { customerIds } = validateRescore(body);
    if (customerIds.length > this.config.RESCORE_MAX_IDS) {
      throw new ProblemException(problem(400, `at most ${this.config.RESCORE_MAX_IDS} customerIds per request; use /v1/scores/rescore/bulk`));
    }
    return this.rescorer.rescore(customerIds, 'rescore');
  }

  /** Every customer, or those silent for silentForDays; runs in the background. */
  @Post('scores/rescore/bulk')
  @HttpCode(202)
  bulk(@Body() body: unknown): BulkRescoreJob {
    const { silentForDays } = validateBulk(body);
    return this.jobs.start(silentForDays === undefined ? {} : { silentForDays }, 'rescore');
  }
}
