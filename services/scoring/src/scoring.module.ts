import { type DynamicModule, Module } from '@nestjs/common';
import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import { CacheModule, RedisHealthIndicator } from '@churn/cache';
import { Clock, SystemClock, brokerList } from '@churn/config';
import { KafkaHealthIndicator, MessagingModule } from '@churn/messaging';
import { ObservabilityModule } from '@churn/observability';
import { DatabaseHealthIndicator, effectivelyOnceModules, erasedCustomersRetention } from '@churn/persistence';
import type { ScoringConfig } from './config';
import { PurchaseApplier } from './consumer/purchase-applier';
import { PurchasesConsumer } from './consumer/purchases.consumer';
import { CustomerEraser } from './erasure/customer-eraser';
import { ErasureStore } from './erasure/erasure.store';
import { HistoryStore } from './history/history.store';
import { CustomersController } from './http/customers.controller';
import { ParametersController } from './http/parameters.controller';
import { ScoresController } from './http/scores.controller';
import { TransactionsController } from './http/transactions.controller';
import { SCORING_MIGRATIONS } from './migrations';
import { ParameterStore } from './parameters/parameter.store';
import { RefitSchedule } from './refit/refit.schedule';
import { RefitService } from './refit/refit.service';
import { BulkRescoreJobs } from './rescore/bulk-rescore.job';
import { Rescorer } from './rescore/rescorer';
import { CustomerScorer } from './scores/customer-scorer';
import { ScoreCache } from './scores/score.cache';
import { ScoreCacheMarker } from './scores/score-cache.marker';
import { ScoreCacheRebuilder } from './scores/score-cache.rebuilder';
import { ScoreReader } from './scores/score.reader';
import { SCORING_CONFIG } from './tokens';

export interface ScoringModuleOptions {
  config: ScoringConfig;
  logger: Logger;
  registry: Registry;
  clock?: Clock;
}

@Module({})
export class ScoringModule {
  static forRoot({ config, logger, registry, clock = new SystemClock() }: ScoringModuleOptions): DynamicModule {
    return {
      module: ScoringModule,
      imports: [
        ObservabilityModule.forRoot({
          logger,
          registry,
          healthIndicators: [KafkaHealthIndicator, DatabaseHealthIndicator, RedisHealthIndicator],
        }),
        ...effectivelyOnceModules(config, {
          migrations: SCORING_MIGRATIONS,
          retentionRules: [erasedCustomersRetention(config)],
        }),
        MessagingModule.forRoot({
          clientId: 'scoring',
          brokers: brokerList(config.KAFKA_BROKERS),
          topicPrefix: config.TOPIC_PREFIX,
        }),
        CacheModule.forRoot({ url: config.REDIS_URL, keyPrefix: config.REDIS_KEY_PREFIX }),
      ],
      controllers: [ScoresController, CustomersController, ParametersController, TransactionsController],
      providers: [
        { provide: SCORING_CONFIG, useValue: config },
        { provide: Clock, useValue: clock },
        HistoryStore,
        ParameterStore,
        ScoreCache,
        ScoreCacheMarker,
        ScoreCacheRebuilder,
        ScoreReader,
        CustomerScorer,
        ErasureStore,
        CustomerEraser,
        PurchaseApplier,
        PurchasesConsumer,
        Rescorer,
        BulkRescoreJobs,
        RefitService,
        RefitSchedule,
      ],
    };
  }
}
