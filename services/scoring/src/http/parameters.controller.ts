import { Controller, Get, HttpCode, Post } from '@nestjs/common';
import type { ScoringParameters } from '@churn/domain';
import { ProblemException, problem } from '@churn/http';
import { ParameterStore, type StoredParameterSet } from '../parameters/parameter.store';
import { RefitInProgressError, type RefitResult, RefitService } from '../refit/refit.service';

const HISTORY_LIMIT = 50;

/** The scoring parameters: which set is active, the fitted history, and refits on demand. */
@Controller('v1')
export class ParametersController {
  constructor(
    private readonly parameters: ParameterStore,
    private readonly refits: RefitService,
  ) {}

  @Get('parameters')
  async list(): Promise<{ active: ScoringParameters; history: StoredParameterSet[] }> {
    const [active, history] = await Promise.all([this.parameters.active(), this.parameters.history(HISTORY_LIMIT)]);
    return { active, history };
  }

  /** 201 with the new active parameters once stored; the population is re-scored in the background. */
  @Post('refit')
  @HttpCode(201)
  async refit(): Promise<RefitResult> {
    try {
      return await this.refits.refit();
    } catch (error) {
      if (error instanceof RefitInProgressError) throw new ProblemException(problem(409, error.message));
      // The domain refuses populations it cannot fit (too few customers, no repeat buyer...).
      if (error instanceof RangeError) throw new ProblemException(problem(422, `cannot fit on the stored history: ${error.message}`));
      throw error;
    }
  }
}
