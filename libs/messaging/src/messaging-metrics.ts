import { Counter, Gauge, Histogram, type Registry } from 'prom-client';

/** Throughput, lag, retries and dead letters of every consumer and publisher of a service. */
export class MessagingMetrics {
  readonly consumed: Counter<'topic' | 'group'>;
  readonly published: Counter<'topic'>;
  readonly deadLettered: Counter<'topic' | 'reason'>;
  readonly retries: Counter<'group' | 'kind'>;
  readonly lag: Gauge<'topic' | 'partition' | 'group'>;
  readonly batchSeconds: Histogram<'group'>;
  readonly publishSeconds: Histogram;

  constructor(registry: Registry) {
    this.consumed = new Counter({ name: 'kafka_consumed_records_total', help: 'Records consumed', labelNames: ['topic', 'group'], registers: [registry] });
    this.published = new Counter({ name: 'kafka_published_records_total', help: 'Records acknowledged by the broker', labelNames: ['topic'], registers: [registry] });
    this.deadLettered = new Counter({ name: 'kafka_dead_lettered_records_total', help: 'Records sent to a dead-letter topic', labelNames: ['topic', 'reason'], registers: [registry] });
    this.retries = new Counter({ name: 'kafka_consumer_retries_total', help: 'Batch processing retries', labelNames: ['group', 'kind'], registers: [registry] });
    this.lag = new Gauge({ name: 'kafka_consumer_lag_records', help: 'Records behind the high watermark, per partition', labelNames: ['topic', 'partition', 'group'], registers: [registry] });
    this.batchSeconds = new Histogram({
      name: 'kafka_consumer_batch_seconds',
      help: 'Time to process one fetched batch',
      labelNames: ['group'],
      buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers: [registry],
    });
    this.publishSeconds = new Histogram({
      name: 'kafka_publish_seconds',
      help: 'Time from send to broker acknowledgement (acks=all)',
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 5],
      registers: [registry],
    });
  }
}
