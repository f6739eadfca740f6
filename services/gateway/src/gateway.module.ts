import { type DynamicModule, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import { CacheModule, RedisHealthIndicator } from '@churn/cache';
import { Clock, SystemClock, brokerList } from '@churn/config';
import { MS_PER_DAY } from '@churn/domain';
import { KafkaHealthIndicator, MessagingModule } from '@churn/messaging';
import { ObservabilityModule } from '@churn/observability';
import {
  DatabaseHealthIndicator,
  PersistenceModule,
  RetentionModule,
  processedEventsRetention,
} from '@churn/persistence';
import { AuditLog } from './audit/audit-log';
import { AdminController } from './auth/admin.controller';
import { ApiKeyGuard } from './auth/api-key.guard';
import { ApiKeyStore } from './auth/api-key.store';
import { ApiKeyVerifier } from './auth/api-key.verifier';
import { Authenticator } from './auth/authenticator';
import type { GatewayConfig } from './config';
import { CustomerQueries } from './customers/customer-queries';
import { CustomersController } from './customers/customers.controller';
import { PopulationQueries } from './customers/population-queries';
import { ErasureService } from './privacy/erasure.service';
import { ExportService } from './privacy/export.service';
import { GATEWAY_MIGRATIONS } from './migrations';
import { PrivacyController } from './privacy/privacy.controller';
import { ReadModelApplier } from './read-model/read-model.applier';
import { ReadModelConsumer } from './read-model/read-model.consumer';
import { PredictionCache } from './scores/prediction.cache';
import { ScoreReader } from './scores/score.reader';
import { GATEWAY_CONFIG } from './tokens';
import { AlertsController } from './upstream/alerts.controller';
import { EventsController } from './upstream/events.controller';
import { Forwarder } from './upstream/forwarder';
import { LoyaltyController } from './upstream/loyalty.controller';
import { UpstreamClient } from './upstream/upstream.client';

export interface GatewayModuleOptions {
  config: GatewayConfig;
  logger: Logger;
  registry: Registry;
  clock?: Clock;
}

@Module({})
export class GatewayModule {
  static forRoot({ config, logger, registry, clock = new SystemClock() }: GatewayModuleOptions): DynamicModule {
    return {
      module: GatewayModule,
      imports: [
        ObservabilityModule.forRoot({ logger, registry, healthIndicators: [KafkaHealthIndicator, DatabaseHealthIndicator, RedisHealthIndicator] }),
        PersistenceModule.forRoot({ url: config.DATABASE_URL, schema: config.DB_SCHEMA, poolSize: config.DATABASE_POOL_SIZE, migrations: GATEWAY_MIGRATIONS }),
        MessagingModule.forRoot({ clientId: 'gateway', brokers: brokerList(config.KAFKA_BROKERS), topicPrefix: config.TOPIC_PREFIX }),
        RetentionModule.forRoot({ intervalMs: config.RETENTION_INTERVAL_MS, rules: [processedEventsRetention(config.PROCESSED_EVENTS_RETENTION_DAYS * MS_PER_DAY)] }),
        CacheModule.forRoot({ url: config.REDIS_URL, keyPrefix: config.REDIS_KEY_PREFIX, autoPipelining: true }),
      ],
      controllers: [CustomersController, PrivacyController, EventsController, AlertsController, LoyaltyController, AdminController],
      providers: [
        { provide: GATEWAY_CONFIG, useValue: config },
        { provide: Clock, useValue: clock },
        { provide: APP_GUARD, useClass: ApiKeyGuard },
        ApiKeyStore,
        ApiKeyVerifier,
        Authenticator,
        AuditLog,
        UpstreamClient,
        Forwarder,
        PredictionCache,
        ScoreReader,
        ReadModelApplier,
        ReadModelConsumer,
        CustomerQueries,
        PopulationQueries,
        ErasureService,
        ExportService,
      ],
    };
  }
}
