import { Controller, Get, Injectable } from '@nestjs/common';
import { activeBackend } from '@churn/churn-model';
import type { HealthIndicator } from '@churn/observability';
import { ModelRegistry } from '../models/model-registry';

/** Readiness: predictions need an active model; until one exists the reason is reported. */
@Injectable()
export class ModelHealthIndicator implements HealthIndicator {
  readonly name = 'model';

  constructor(private readonly registry: ModelRegistry) {}

  async check(): Promise<void> {
    const active = await this.registry.active();
    if (!active) throw new Error('no active churn model: the seed could not be registered and no retraining has succeeded yet (POST /v1/models/retrain)');
  }
}

/** The tfjs backend computing the predictions (native, wasm or cpu) and the model in memory. */
@Controller('health')
export class ModelHealthController {
  constructor(private readonly registry: ModelRegistry) {}

  @Get('model')
  model(): { backend: string; modelVersion: string | null } {
    return { backend: activeBackend(), modelVersion: this.registry.current?.version ?? null };
  }
}
