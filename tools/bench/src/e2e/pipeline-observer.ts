import { Redis } from 'ioredis';
import { type Consumer, type Kafka } from 'kafkajs';
import { Topics, logicalTopicName, topicName } from '@churn/contracts';
import { StageLatency } from './stage-latency';

interface Observed {
  customerId: string;
}

/**
 * Watches the running platform from outside, as its users would: the raw purchases upstream sent
 * (their Kafka timestamps are the send times), live scores landing in Redis (keyspace
 * notifications, then the score's purchaseCount), and the predictions and alerts on their topics.
 */
export class PipelineObserver {
  /** The first hop alone: raw event -> validated, deduplicated record on purchases.v1. */
  readonly ingestion = new StageLatency('event -> purchases.v1');
  readonly score = new StageLatency('event -> score in Redis');
  readonly prediction = new StageLatency('event -> churn prediction');
  readonly alert: Array<{ at: number; ms: number }> = [];
  private readonly purchasesSent = new Map<string, number>();
  private readonly purchasesNormalized = new Map<string, number>();
  private readonly sentTimes = new Map<string, number[]>();
  /** purchaseCount of each (customer, stateVersion) score, for predictions that name the version. */
  private readonly scoredCounts = new Map<string, number>();
  private readonly parkedPredictions = new Map<
    string,
    Array<{ customerId: string; probability: number; at: number }>
  >();
  /** Each customer's predictions: probability -> purchases it covered, to place their alerts. */
  private readonly predictedCounts = new Map<string, Map<number, number>>();
  private consumer: Consumer | undefined;
  private subscriber: Redis | undefined;
  private reader: Redis | undefined;
  private previousNotifyConfig = '';

  constructor(
    private readonly kafka: Kafka,
    private readonly topicPrefix: string,
    private readonly redisUrl: string,
    private readonly redisPrefix: string,
  ) {}

  async start(): Promise<void> {
    this.reader = new Redis(this.redisUrl);
    this.subscriber = new Redis(this.redisUrl);
    // Keyspace events for string commands ('K$'): the score SET inside scoring's Lua script.
    this.previousNotifyConfig = ((await this.reader.config('GET', 'notify-keyspace-events')) as string[])[1] ?? '';
    await this.reader.config('SET', 'notify-keyspace-events', 'K$');
    const channel = `__keyspace@0__:${this.redisPrefix}score:*`;
    await this.subscriber.psubscribe(channel);
    this.subscriber.on(
      'pmessage',
      (_pattern, key: string) => void this.onScoreKey(key.slice(channel.length - 1), Date.now()),
    );

    this.consumer = this.kafka.consumer({ groupId: `${this.topicPrefix}.observer`, maxWaitTimeInMs: 50 });
    await this.consumer.connect();
    const topics = [Topics.purchasesRaw, Topics.purchases, Topics.scores, Topics.churnPredictions, Topics.alerts];
    await this.consumer.subscribe({ topics: topics.map((t) => topicName(t, this.topicPrefix)), fromBeginning: true });
    await this.consumer.run({
      eachBatch: async ({ batch }) => {
        const topic = logicalTopicName(batch.topic, this.topicPrefix);
        const now = Date.now();
        for (const message of batch.messages) {
          const value = JSON.parse(message.value?.toString('utf8') ?? 'null') as Observed & Record<string, unknown>;
          this.onRecord(topic, value, Number(message.timestamp), now);
        }
      },
    });
  }

  async stop(): Promise<void> {
    await this.consumer?.disconnect();
    await this.reader?.config('SET', 'notify-keyspace-events', this.previousNotifyConfig);
    this.subscriber?.disconnect();
    this.reader?.disconnect();
  }

  /** Raw purchases sent by customers matching `filter`. */
  sent(filter: (customer: string) => boolean): number {
    let count = 0;
    for (const [customer, n] of this.purchasesSent) if (filter(customer)) count += n;
    return count;
  }

  private onRecord(topic: string, value: Observed & Record<string, unknown>, producedAt: number, now: number): void {
    switch (topic) {
      case Topics.purchasesRaw: {
        if (value['type'] !== 'purchase') return;
        const k = (this.purchasesSent.get(value.customerId) ?? 0) + 1;
        this.purchasesSent.set(value.customerId, k);
        const times =
          this.sentTimes.get(value.customerId) ?? this.sentTimes.set(value.customerId, []).get(value.customerId)!;
        times[k - 1] = producedAt;
        this.ingestion.onSent(value.customerId, k, producedAt);
        this.score.onSent(value.customerId, k, producedAt);
        this.prediction.onSent(value.customerId, k, producedAt);
        return;
      }
      case Topics.purchases: {
        if (value['type'] !== 'purchase') return;
        const k = (this.purchasesNormalized.get(value.customerId) ?? 0) + 1;
        this.purchasesNormalized.set(value.customerId, k);
        this.ingestion.onReached(value.customerId, k, producedAt);
        return;
      }
      case Topics.scores: {
        const key = `${value.customerId}:${String(value['stateVersion'])}`;
        this.scoredCounts.set(key, Number(value['purchaseCount']));
        for (const parked of this.parkedPredictions.get(key) ?? [])
          this.onPrediction(key, parked.customerId, parked.probability, parked.at);
        this.parkedPredictions.delete(key);
        return;
      }
      case Topics.churnPredictions: {
        if (value['trigger'] !== 'score') return;
        const key = `${value.customerId}:${String(value['scoreStateVersion'])}`;
        this.onPrediction(key, value.customerId, Number(value['probability']), now);
        return;
      }
      case Topics.alerts: {
        if (value['type'] !== 'opened' || typeof value['probability'] !== 'number') return;
        const covered = this.predictedCounts.get(value.customerId)?.get(value['probability']);
        const sentAt = covered === undefined ? undefined : this.sentTimes.get(value.customerId)?.[covered - 1];
        if (sentAt !== undefined) this.alert.push({ at: now, ms: now - sentAt });
        return;
      }
    }
  }

  private onPrediction(key: string, customerId: string, probability: number, at: number): void {
    const count = this.scoredCounts.get(key);
    if (count === undefined) {
      const parked = this.parkedPredictions.get(key) ?? this.parkedPredictions.set(key, []).get(key)!;
      parked.push({ customerId, probability, at });
      return;
    }
    this.prediction.onReached(customerId, count, at);
    const byProbability =
      this.predictedCounts.get(customerId) ?? this.predictedCounts.set(customerId, new Map()).get(customerId)!;
    byProbability.set(probability, count);
  }

  /**
   * Reads the scores of customers still behind straight from Redis: keyspace notifications are
   * fire-and-forget (a subscriber that falls behind on a loaded machine loses some), so a stalled
   * count is settled by reading. Found scores complete without a latency sample; returns how many.
   */
  async reconcileScores(filter: (customer: string) => boolean): Promise<number> {
    const behind = this.score.behind(filter);
    let found = 0;
    for (const customerId of behind) {
      const raw = await this.reader?.get(`${this.redisPrefix}score:${customerId}`);
      if (raw === null || raw === undefined) continue;
      this.score.onReached(customerId, (JSON.parse(raw) as { purchaseCount: number }).purchaseCount, Date.now(), false);
      found += 1;
    }
    return found;
  }

  private async onScoreKey(customerId: string, at: number): Promise<void> {
    const raw = await this.reader?.get(`${this.redisPrefix}score:${customerId}`);
    if (raw === null || raw === undefined) return;
    this.score.onReached(customerId, (JSON.parse(raw) as { purchaseCount: number }).purchaseCount, at);
  }
}
