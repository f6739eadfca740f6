import {
  type BeforeApplicationShutdown,
  type DynamicModule,
  Global,
  Inject,
  Injectable,
  Module,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { ExponentialBackoff, handleAll, retry } from 'cockatiel';
import { Kafka } from 'kafkajs';
import type { Logger } from 'pino';
import { Registry } from 'prom-client';
import { LOGGER } from '@churn/observability';
import { BatchConsumer, type BatchConsumerOptions, type BatchHandler } from './batch-consumer';
import { EventPublisher } from './event-publisher';
import { type KafkaClientOptions, createKafkaClient } from './kafka-client';
import { KafkaHealthIndicator } from './kafka-health.indicator';
import { MessagingMetrics } from './messaging-metrics';

export const MESSAGING_OPTIONS = Symbol('MESSAGING_OPTIONS');

/**
 * Owns the service's Kafka lifecycle. Consumers are registered during module init and started at
 * bootstrap, once every other module (database, caches) is ready; they stop before shutdown hooks
 * close those modules, so the last batch can still commit its work. A broker that is down at
 * start-up does not crash the service: connecting is retried in the background while readiness
 * reports the broker as down.
 */
@Injectable()
export class KafkaLifecycle implements OnApplicationBootstrap, BeforeApplicationShutdown, OnApplicationShutdown {
  private readonly consumers: BatchConsumer[] = [];
  private readonly stopping = new AbortController();
  private readonly startups: Promise<void>[] = [];

  constructor(
    private readonly kafka: Kafka,
    @Inject(MESSAGING_OPTIONS) private readonly options: KafkaClientOptions,
    private readonly publisher: EventPublisher,
    private readonly metrics: MessagingMetrics,
    private readonly health: KafkaHealthIndicator,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  /** Registers a consumer group member; it starts with the application. */
  register(options: Omit<BatchConsumerOptions, 'topicPrefix'>, handler: BatchHandler): void {
    const consumer = new BatchConsumer(this.kafka, { ...options, topicPrefix: this.options.topicPrefix }, handler, this.publisher, this.metrics, this.logger);
    this.consumers.push(consumer);
  }

  onApplicationBootstrap(): void {
    this.startups.push(this.untilDone('producer connect', () => this.publisher.connect()));
    for (const consumer of this.consumers) this.startups.push(this.untilDone('consumer start', () => consumer.start()));
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stopping.abort();
    await Promise.allSettled(this.startups);
    await Promise.all(this.consumers.map((consumer) => consumer.stop()));
  }

  async onApplicationShutdown(): Promise<void> {
    await this.publisher.disconnect();
    await this.health.close();
  }

  private async untilDone(what: string, action: () => Promise<void>): Promise<void> {
    const policy = retry(handleAll, { maxAttempts: Number.MAX_SAFE_INTEGER, backoff: new ExponentialBackoff({ initialDelay: 500, maxDelay: 10_000 }) });
    policy.onRetry((event) => this.logger.warn({ err: 'error' in event ? event.error : undefined, delayMs: Math.round(event.delay) }, `${what} failed; retrying`));
    await policy.execute(action, this.stopping.signal).catch((error: unknown) => {
      if (!this.stopping.signal.aborted) this.logger.error({ err: error }, `${what} gave up`);
    });
  }
}

@Global()
@Module({})
export class MessagingModule {
  static forRoot(options: KafkaClientOptions): DynamicModule {
    return {
      module: MessagingModule,
      providers: [
        { provide: MESSAGING_OPTIONS, useValue: options },
        { provide: Kafka, useFactory: (logger: Logger) => createKafkaClient(options, logger), inject: [LOGGER] },
        { provide: MessagingMetrics, useFactory: (registry: Registry) => new MessagingMetrics(registry), inject: [Registry] },
        {
          provide: EventPublisher,
          useFactory: (kafka: Kafka, metrics: MessagingMetrics, logger: Logger) => new EventPublisher(kafka, options.topicPrefix, metrics, logger),
          inject: [Kafka, MessagingMetrics, LOGGER],
        },
        { provide: KafkaHealthIndicator, useFactory: (kafka: Kafka) => new KafkaHealthIndicator(kafka), inject: [Kafka] },
        KafkaLifecycle,
      ],
      exports: [Kafka, EventPublisher, MessagingMetrics, KafkaHealthIndicator, KafkaLifecycle],
    };
  }
}
