import { type DynamicModule, Module } from '@nestjs/common';
import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import { Clock, SystemClock, brokerList } from '@churn/config';
import { KafkaHealthIndicator, MessagingModule } from '@churn/messaging';
import { ObservabilityModule } from '@churn/observability';
import { DatabaseHealthIndicator, PersistenceModule, RetentionModule } from '@churn/persistence';
import type { IngestionConfig } from './config';
import { SeenEventsStore } from './dedupe/seen-events.store';
import { EventsController } from './http/events.controller';
import { RawEventsConsumer } from './kafka/raw-events.consumer';
import { INGESTION_MIGRATIONS } from './migrations';
import { IngestPipeline } from './pipeline/ingest-pipeline';
import { INGESTION_CONFIG } from './tokens';

const DAY_MS = 86_400_000;

export interface IngestionModuleOptions {
  config: IngestionConfig;
  logger: Logger;
  registry: Registry;
  clock?: Clock;
}

@Module({})
export class IngestionModule {
  static forRoot({ config, logger, registry, clock = new SystemClock() }: IngestionModuleOptions): DynamicModule {
    return {
      module: IngestionModule,
      imports: [
        ObservabilityModule.forRoot({ logger, registry, healthIndicators: [KafkaHealthIndicator, DatabaseHealthIndicator] }),
        PersistenceModule.forRoot({
          url: config.DATABASE_URL,
          schema: config.DB_SCHEMA,
          poolSize: config.DATABASE_POOL_SIZE,
          migrations: INGESTION_MIGRATIONS,
        }),
        MessagingModule.forRoot({ clientId: 'ingestion', brokers: brokerList(config.KAFKA_BROKERS), topicPrefix: config.TOPIC_PREFIX }),
        // The dedupe memory keeps each eventId for the window, then forgets it.
        RetentionModule.forRoot({
          intervalMs: config.DEDUPE_CLEANUP_INTERVAL_MS,
          rules: [{ name: 'dedupe', table: 'seen_events', timeColumn: 'first_seen_at', keepMs: config.DEDUPE_WINDOW_DAYS * DAY_MS }],
        }),
      ],
      controllers: [EventsController],
      providers: [
        { provide: INGESTION_CONFIG, useValue: config },
        { provide: Clock, useValue: clock },
        SeenEventsStore,
        IngestPipeline,
        RawEventsConsumer,
      ],
    };
  }
}
