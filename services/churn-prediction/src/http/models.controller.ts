import { Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { Clock } from '@churn/config';
import { ProblemException, problem } from '@churn/http';
import { type Activation, type ModelSummary, ModelRegistry, UnknownModelError } from '../models/model-registry';
import { RetrainInProgressError, type RetrainResult, Retrainer } from '../models/retrainer';
import { ScoringUnavailableError } from '../models/scoring-client';

const LIST_LIMIT = 50;

/** The model registry: versions, activations, re-activation of an old version, retraining on demand. */
@Controller('v1/models')
export class ModelsController {
  constructor(
    private readonly registry: ModelRegistry,
    private readonly retrainer: Retrainer,
    private readonly clock: Clock,
  ) {}

  @Get()
  async list(): Promise<{ active: string | null; models: ModelSummary[]; activations: Activation[] }> {
    const [active, models, activations] = await Promise.all([this.registry.activeVersion(), this.registry.list(LIST_LIMIT), this.registry.activationHistory(LIST_LIMIT)]);
    return { active: active ?? null, models, activations };
  }

  @Post(':version/activate')
  @HttpCode(200)
  async activate(@Param('version') version: string): Promise<Activation> {
    try {
      return (await this.registry.activate(version, 'activated on request', this.clock.now()))!;
    } catch (error) {
      if (error instanceof UnknownModelError) throw new ProblemException(problem(404, error.message));
      throw error;
    }
  }

  /** 201 with the candidate's version and its comparison with the active model (activated or not). */
  @Post('retrain')
  @HttpCode(201)
  async retrain(): Promise<RetrainResult> {
    try {
      return await this.retrainer.retrain();
    } catch (error) {
      if (error instanceof RetrainInProgressError) throw new ProblemException(problem(409, error.message));
      if (error instanceof ScoringUnavailableError) throw new ProblemException(problem(503, error.message));
      // Too short a history, one class only, a population BG/NBD cannot be fitted to.
      if (error instanceof RangeError) throw new ProblemException(problem(422, `cannot train on the stored history: ${error.message}`));
      throw error;
    }
  }
}
