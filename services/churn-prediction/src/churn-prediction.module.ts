import { type DynamicModule, Module } from '@nestjs/common';
import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import { Clock, SystemClock, brokerList } from '@churn/config';
import { KafkaHealthIndicator, MessagingModule } from '@churn/messaging';
import { ObservabilityModule } from '@churn/observability';
import { DatabaseHealthIndicator, effectivelyOnceModules, erasedCustomersRetention } from '@churn/persistence';
import type { ChurnPredictionConfig } from './config';
import { EventApplier } from './consumer/event-applier';
import { EventsConsumer } from './consumer/events.consumer';
import { CustomerEraser } from './erasure/customer-eraser';
import { ErasureStore } from './erasure/erasure.store';
import { ModelHealthController, ModelHealthIndicator } from './http/model-health';
import { ModelsController } from './http/models.controller';
import { PredictionsController } from './http/predictions.controller';
import { CHURN_PREDICTION_MIGRATIONS } from './migrations';
import { ModelRegistryModule } from './models/model-registry.module';
import { RetrainSchedule } from './models/retrain.schedule';
import { Retrainer } from './models/retrainer';
import { ScoringClient } from './models/scoring-client';
import { SeedModel } from './models/seed-model';
import { Predictor } from './prediction/predictor';
import { RecheckJob } from './recheck/recheck.job';
import { CustomerStateStore } from './state/customer-state.store';
import { CHURN_PREDICTION_CONFIG } from './tokens';

export interface ChurnPredictionModuleOptions {
  config: ChurnPredictionConfig;
  logger: Logger;
  registry: Registry;
  clock?: Clock;
}

@Module({})
export class ChurnPredictionModule {
  static forRoot({ config, logger, registry, clock = new SystemClock() }: ChurnPredictionModuleOptions): DynamicModule {
    return {
      module: ChurnPredictionModule,
      imports: [
        ObservabilityModule.forRoot({
          logger,
          registry,
          healthIndicators: [KafkaHealthIndicator, DatabaseHealthIndicator, ModelHealthIndicator],
        }),
        ...effectivelyOnceModules(config, {
          migrations: CHURN_PREDICTION_MIGRATIONS,
          retentionRules: [erasedCustomersRetention(config)],
        }),
        MessagingModule.forRoot({
          clientId: 'churn-prediction',
          brokers: brokerList(config.KAFKA_BROKERS),
          topicPrefix: config.TOPIC_PREFIX,
        }),
        ModelRegistryModule.forRoot(config),
      ],
      controllers: [PredictionsController, ModelsController, ModelHealthController],
      providers: [
        { provide: CHURN_PREDICTION_CONFIG, useValue: config },
        { provide: Clock, useValue: clock },
        CustomerStateStore,
        SeedModel,
        Predictor,
        ErasureStore,
        CustomerEraser,
        EventApplier,
        EventsConsumer,
        ScoringClient,
        RecheckJob,
        Retrainer,
        RetrainSchedule,
      ],
    };
  }
}
