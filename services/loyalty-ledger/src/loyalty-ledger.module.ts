import { type DynamicModule, Module } from '@nestjs/common';
import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
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
import type { LoyaltyLedgerConfig } from './config';
import { LedgerApplier } from './consumer/ledger-applier';
import { LedgerConsumer } from './consumer/ledger.consumer';
import { LoyaltyController } from './http/loyalty.controller';
import { RulesController } from './http/rules.controller';
import { JobsSchedule } from './jobs/jobs.schedule';
import { LedgerJobs } from './jobs/ledger-jobs';
import { ErasureStore } from './ledger/erasure.store';
import { LedgerPoster } from './ledger/ledger-poster';
import { CreateLedger1733000000000 } from './ledger/ledger.migration';
import { CreateLockAndLoad1733000000002 } from './ledger/lock-and-load.migration';
import { LedgerStore } from './ledger/ledger.store';
import { policyFromConfig } from './ledger/policy';
import { StatementStore } from './ledger/statement.store';
import { AdjustmentService } from './redemptions/adjustment.service';
import { RedemptionService } from './redemptions/redemption.service';
import { CreateRuleVersions1733000000001 } from './rules/rules.migration';
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
          migrations: [
            CreateProcessedEvents1732500000000,
            CreateOutbox1732500000001,
            IndexProcessedEventsAge1732700000000,
            CreateLedger1733000000000,
            CreateRuleVersions1733000000001,
            CreateLockAndLoad1733000000002,
          ],
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
      controllers: [LoyaltyController, RulesController],
      providers: [
        { provide: LOYALTY_CONFIG, useValue: config },
        { provide: LOYALTY_POLICY, useValue: policyFromConfig(config) },
        { provide: Clock, useValue: clock },
        LedgerStore,
        StatementStore,
        ErasureStore,
        LedgerPoster,
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
