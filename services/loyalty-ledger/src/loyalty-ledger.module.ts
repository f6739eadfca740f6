import { type DynamicModule, Module } from '@nestjs/common';
import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import { Clock, SystemClock, brokerList } from '@churn/config';
import { MS_PER_DAY } from '@churn/domain';
import { KafkaHealthIndicator, MessagingModule } from '@churn/messaging';
import { ObservabilityModule } from '@churn/observability';
import {
  DatabaseHealthIndicator,
  OutboxModule,
  PersistenceModule,
  RetentionModule,
  outboxRetention,
  processedEventsRetention,
} from '@churn/persistence';
import type { LoyaltyLedgerConfig } from './config';
import { LedgerApplier } from './consumer/ledger-applier';
import { LedgerConsumer } from './consumer/ledger.consumer';
import { CampaignsController } from './http/campaigns.controller';
import { LoyaltyController } from './http/loyalty.controller';
import { RulesController } from './http/rules.controller';
import { JobsSchedule } from './jobs/jobs.schedule';
import { LedgerJobs } from './jobs/ledger-jobs';
import { ErasureStore } from './ledger/erasure.store';
import { LedgerCache } from './ledger/ledger-cache';
import { LedgerPoster } from './ledger/ledger-poster';
import { LedgerStore } from './ledger/ledger.store';
import { policyFromConfig } from './ledger/policy';
import { LOYALTY_LEDGER_MIGRATIONS } from './migrations';
import { StatementStore } from './ledger/statement.store';
import { AdjustmentService } from './redemptions/adjustment.service';
import { RedemptionService } from './redemptions/redemption.service';
import { CampaignStore } from './rules/campaign.store';
import { RuleStore } from './rules/rule.store';
import { LOYALTY_CONFIG, LOYALTY_POLICY } from './tokens';

export interface LoyaltyLedgerModuleOptions {
  config: LoyaltyLedgerConfig;
  logger: Logger;
  registry: Registry;
  clock?: Clock;
}

@Module({})
export class LoyaltyLedgerModule {
  static forRoot({ config, logger, registry, clock = new SystemClock() }: LoyaltyLedgerModuleOptions): DynamicModule {
    return {
      module: LoyaltyLedgerModule,
      imports: [
        ObservabilityModule.forRoot({
          logger,
          registry,
          healthIndicators: [KafkaHealthIndicator, DatabaseHealthIndicator],
        }),
        PersistenceModule.forRoot({
          url: config.DATABASE_URL,
          schema: config.DB_SCHEMA,
          poolSize: config.DATABASE_POOL_SIZE,
          // Every statement here is short OLTP work; JIT compiling one (it happens whenever the
          // planner's estimates run high, e.g. before autoanalyze caught up with a bulk load)
          // costs milliseconds per statement and dominated redemption latency in the bench.
          sessionSettings: { jit: 'off' },
          migrations: LOYALTY_LEDGER_MIGRATIONS,
        }),
        MessagingModule.forRoot({
          clientId: 'loyalty-ledger',
          brokers: brokerList(config.KAFKA_BROKERS),
          topicPrefix: config.TOPIC_PREFIX,
        }),
        OutboxModule.forRoot({ pollIntervalMs: config.OUTBOX_POLL_INTERVAL_MS, batchSize: config.OUTBOX_BATCH_SIZE }),
        RetentionModule.forRoot({
          intervalMs: config.RETENTION_INTERVAL_MS,
          rules: [
            processedEventsRetention(config.PROCESSED_EVENTS_RETENTION_DAYS * MS_PER_DAY),
            outboxRetention(config.OUTBOX_RETENTION_MS),
          ],
        }),
      ],
      controllers: [LoyaltyController, RulesController, CampaignsController],
      providers: [
        { provide: LOYALTY_CONFIG, useValue: config },
        { provide: LOYALTY_POLICY, useValue: policyFromConfig(config) },
        { provide: Clock, useValue: clock },
        LedgerCache,
        LedgerStore,
        StatementStore,
        ErasureStore,
        LedgerPoster,
        CampaignStore,
        RuleStore,
        LedgerApplier,
        LedgerConsumer,
        RedemptionService,
        AdjustmentService,
        LedgerJobs,
        JobsSchedule,
      ],
    };
  }
}
