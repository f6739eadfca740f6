import { type DynamicModule, Global, Module } from '@nestjs/common';
import type { ChurnPredictionConfig } from '../config';
import { ModelHealthIndicator } from '../http/model-health';
import { CHURN_PREDICTION_CONFIG } from '../tokens';
import { ModelRegistry } from './model-registry';

/** Global because readiness (ObservabilityModule) injects the model health indicator by class. */
@Global()
@Module({})
export class ModelRegistryModule {
  static forRoot(config: ChurnPredictionConfig): DynamicModule {
    return {
      module: ModelRegistryModule,
      providers: [{ provide: CHURN_PREDICTION_CONFIG, useValue: config }, ModelRegistry, ModelHealthIndicator],
      exports: [ModelRegistry, ModelHealthIndicator],
    };
  }
}
