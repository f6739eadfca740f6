import { type DynamicModule, Module } from '@nestjs/common';
import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import { CacheModule, RedisHealthIndicator } from '@churn/cache';
import { Clock, SystemClock, brokerList } from '@churn/config';
import { MS_PER_DAY } from '@churn/domain';
import { KafkaHealthIndicator, MessagingModule } from '@churn/messaging';
import { ObservabilityModule } from '@churn/observability';
import {
  CreateOutbox1732500000001,
  CreateProcessedEvents1732500000000,
  DatabaseHealthIndicator,
  IndexProcessedEventsAge1732700000000,
  OutboxModule,
  PersistenceModule,
  RetentionModule,
  outboxRetention,
  processedEventsRetention,
} from '@churn/persistence';
import type { ScoringConfig } from './config';
import { PurchaseApplier } from './consumer/purchase-applier';
import { PurchasesConsumer } from './consumer/purchases.consumer';
import { CreateHistory1732600000000 } from './history/history.migration';
import { HistoryStore } from './history/history.store';
import { CustomersController } from './http/customers.controller';
import { ParametersController } from './http/parameters.controller';
import { ScoresController } from './http/scores.controller';
import { ParameterStore } from './parameters/parameter.store';
import { CreateParameterSets1732600000001 } from './parameters/parameters.migration';
import { RefitSchedule } from './refit/refit.schedule';
import { RefitService } from './refit/refit.service';
import { BulkRescoreJobs } from './rescore/bulk-rescore.job';
import { Rescorer } from './rescore/rescorer';
import { CustomerScorer } from './scores/customer-scorer';
import { ScoreCache } from './scores/score.cache';
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
        ObservabilityModule.forRoot({ logger, registry, healthIndicators: [KafkaHealthIndicator, DatabaseHealthIndicator, RedisHealthIndicator] }),
        PersistenceModule.forRoot({
          url: config.DATABASE_URL,
          schema: config.DB_SCHEMA,
          poolSize: config.DATABASE_POOL_SIZE,
          migrations: [
            CreateProcessedEvents1732500000000,
            CreateOutbox1732500000001,
            CreateHistory1732600000000,
            CreateParameterSets1732600000001,
            IndexProcessedEventsAge1732700000000,
          ],
        }),
        MessagingModule.forRoot({ clientId: 'scoring', brokers: brokerList(config.KAFKA_BROKERS), topicPrefix: config.TOPIC_PREFIX }),
        OutboxModule.forRoot({ pollIntervalMs: config.OUTBOX_POLL_INTERVAL_MS, batchSize: config.OUTBOX_BATCH_SIZE }),
        RetentionModule.forRoot({
          intervalMs: config.RETENTION_INTERVAL_MS,
          rules: [processedEventsRetention(config.PROCESSED_EVENTS_RETENTION_DAYS * MS_PER_DAY), outboxRetention(config.OUTBOX_RETENTION_MS)],
        }),
        CacheModule.forRoot({ url: config.REDIS_URL, keyPrefix: config.REDIS_KEY_PREFIX }),
      ],
      controllers: [ScoresController, CustomersController, ParametersController],
      providers: [
        { provide: SCORING_CONFIG, useValue: config },
        { provide: Clock, useValue: clock },
        HistoryStore,
        ParameterStore,
        ScoreCache,
        CustomerScorer,
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
