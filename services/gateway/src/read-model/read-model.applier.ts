import { Inject, Injectable } from '@nestjs/common';
import { type ChurnPredictionV1, type ScoreV1, Topics } from '@churn/contracts';
import { Clock } from '@churn/config';
import { type ConsumedRecord, EventPublisher, deadLetterRecord, kafkaSource } from '@churn/messaging';
import { recordNewEvents, schemaOf } from '@churn/persistence';
import { Counter, Registry } from 'prom-client';
import { DataSource, type EntityManager } from 'typeorm';
import type { GatewayConfig } from '../config';
import { PredictionCache } from '../scores/prediction.cache';
import { GATEWAY_CONFIG } from '../tokens';
import { isNewerPrediction, isNewerScore, newestPerCustomer } from './newest-per-customer';
import { type ParsedReadModelRecord, parseReadModelRecord, processedIdOf } from './read-model-record';

/**
 * Applies a batch of scores.v1 / churn-predictions.v1 to the read model effectively-once, in ONE
 * transaction: processed eventIds, the newest score (by stateVersion, computedAt) and prediction
 * (by predictedAt) per customer, today's snapshot of each touched customer, the timeline, and the
 * prediction in Redis (before the commit, so a Redis outage rolls back and retries). Records that
 * are not valid contracts go to gateway.dlq.v1 with the reason and payload, also before the commit:
 * a failed commit publishes them again rather than losing them.
 */
function byCustomer(a: { customerId: string }, b: { customerId: string }): number {
  return a.customerId < b.customerId ? -1 : a.customerId > b.customerId ? 1 : 0;
}

interface TimelineEntry {
  readonly customerId: string;
  readonly eventId: string;
  readonly at: string;
  readonly kind: 'purchase' | 'prediction';
  readonly summary: object;
}

/** One timeline entry per history version: a re-score of the same history adds nothing. */
function purchaseOnTimeline(s: ScoreV1): TimelineEntry[] {
  if (s.trigger !== 'event' || !s.lastPurchaseAt) return [];
  const summary = {
    purchaseCount: s.purchaseCount,
    netSpendMinor: s.netSpendMinor,
    currency: s.currency,
    segment: s.rfm.segment,
    tier: s.tier,
  };
  return [
    { customerId: s.customerId, eventId: `history:${s.stateVersion}`, at: s.lastPurchaseAt, kind: 'purchase', summary },
  ];
}

function predictionOnTimeline(p: ChurnPredictionV1): TimelineEntry {
  const summary = {
    probability: p.probability,
    riskLevel: p.riskLevel,
    trigger: p.trigger,
    drivers: p.drivers.map((d) => d.text),
  };
  return { customerId: p.customerId, eventId: p.eventId, at: p.predictedAt, kind: 'prediction', summary };
}

@Injectable()
export class ReadModelApplier {
  private readonly applied: Counter<'outcome'>;

  constructor(
    private readonly dataSource: DataSource,
    private readonly predictions: PredictionCache,
    private readonly publisher: EventPublisher,
    private readonly clock: Clock,
    @Inject(GATEWAY_CONFIG) private readonly config: GatewayConfig,
    registry: Registry,
  ) {
    this.applied = new Counter({
      name: 'gateway_read_model_events_total',
      help: 'read-model records by outcome (applied, duplicate, rejected)',
      labelNames: ['outcome'],
      registers: [registry],
    });
  }

  async apply(records: readonly ConsumedRecord[]): Promise<void> {
    const parsed = records.map((r) => parseReadModelRecord(r, this.config.TOPIC_PREFIX));
    const today = this.clock.now().toISOString().slice(0, 10);
    const counts = await this.dataSource.transaction(async (manager) => {
      const fresh = await recordNewEvents(manager, this.config.CONSUMER_GROUP, parsed.map(processedIdOf));
      const isFresh = (p: ParsedReadModelRecord) => fresh.has(processedIdOf(p));
      const rejected = parsed.filter((p): p is Extract<ParsedReadModelRecord, { ok: false }> => !p.ok && isFresh(p));
      if (rejected.length > 0) await this.publisher.publish(rejected.map((r) => this.deadLetter(r)));
      const erasedAt = await this.erasures(
        manager,
        parsed.flatMap((p) => (p.ok ? [p.event.customerId] : [])),
      );
      const live = (customerId: string, at: string) =>
        !erasedAt.has(customerId) || Date.parse(at) > erasedAt.get(customerId)!;
      const scores = parsed.flatMap((p) =>
        p.ok && p.kind === 'score' && isFresh(p) && live(p.event.customerId, p.event.computedAt) ? [p.event] : [],
      );
      const predictions = parsed.flatMap((p) =>
        p.ok && p.kind === 'prediction' && isFresh(p) && live(p.event.customerId, p.event.predictedAt) ? [p.event] : [],
      );
      // Batches of different partitions (scores and predictions) run concurrently and touch the
      // same customers' rows: writing in customer order makes them wait for each other instead of
      // deadlocking. The sort is stable, so one customer's records keep their topic order.
      scores.sort(byCustomer);
      predictions.sort(byCustomer);
      const newestPredictions = newestPerCustomer(predictions, isNewerPrediction);
      await this.applyScores(manager, newestPerCustomer(scores, isNewerScore));
      await this.applyPredictions(manager, newestPredictions);
      await this.addToTimeline(manager, [
        ...scores.flatMap(purchaseOnTimeline),
        ...predictions.map(predictionOnTimeline),
      ]);
      await this.snapshot(manager, [...new Set([...scores, ...predictions].map((e) => e.customerId))].sort(), today);
      await this.predictions.putAll(newestPredictions);
      return { applied: scores.length + predictions.length, rejected: rejected.length };
    });
    this.applied.inc({ outcome: 'applied' }, counts.applied);
    this.applied.inc({ outcome: 'rejected' }, counts.rejected);
    this.applied.inc({ outcome: 'duplicate' }, records.length - counts.applied - counts.rejected);
  }

  private get schema(): string {
    return `"${schemaOf(this.dataSource)}"`;
  }

  private async erasures(manager: EntityManager, customerIds: string[]): Promise<Map<string, number>> {
    if (customerIds.length === 0) return new Map();
    const rows: { customer_id: string; erased_at: Date }[] = await manager.query(
      `SELECT customer_id, erased_at FROM ${this.schema}.erased_customers WHERE customer_id = ANY($1)`,
      [[...new Set(customerIds)]],
    );
    return new Map(rows.map((r) => [r.customer_id, r.erased_at.getTime()]));
  }

  /** One statement for the batch: a customer's row takes the score only if it is newer than the one it holds. */
  private async applyScores(manager: EntityManager, scores: readonly ScoreV1[]): Promise<void> {
    if (scores.length === 0) return;
    await manager.query(
      `INSERT INTO ${this.schema}.customer_view AS v (customer_id, score, score_state_version, score_computed_at, segment, tier, stage, clv_minor, currency, p_alive)
       SELECT * FROM unnest($1::text[], $2::jsonb[], $3::bigint[], $4::timestamptz[], $5::text[], $6::text[], $7::text[], $8::bigint[], $9::text[], $10::float8[])
       ON CONFLICT (customer_id) DO UPDATE SET score = EXCLUDED.score, score_state_version = EXCLUDED.score_state_version,
         score_computed_at = EXCLUDED.score_computed_at, segment = EXCLUDED.segment, tier = EXCLUDED.tier, stage = EXCLUDED.stage,
         clv_minor = EXCLUDED.clv_minor, currency = EXCLUDED.currency, p_alive = EXCLUDED.p_alive, updated_at = now()
       WHERE v.score_state_version IS NULL OR (EXCLUDED.score_state_version, EXCLUDED.score_computed_at) > (v.score_state_version, v.score_computed_at)`,
      [
        scores.map((s) => s.customerId),
        scores.map((s) => JSON.stringify(s)),
        scores.map((s) => s.stateVersion),
        scores.map((s) => s.computedAt),
        scores.map((s) => s.rfm.segment),
        scores.map((s) => s.tier),
        scores.map((s) => s.stage),
        scores.map((s) => s.clvMinor),
        scores.map((s) => s.currency),
        scores.map((s) => s.pAlive),
      ],
    );
  }

  private async applyPredictions(manager: EntityManager, predictions: readonly ChurnPredictionV1[]): Promise<void> {
    if (predictions.length === 0) return;
    await manager.query(
      `INSERT INTO ${this.schema}.customer_view AS v (customer_id, prediction, churn_probability, risk_level, predicted_at)
       SELECT * FROM unnest($1::text[], $2::jsonb[], $3::float8[], $4::text[], $5::timestamptz[])
       ON CONFLICT (customer_id) DO UPDATE SET prediction = EXCLUDED.prediction, churn_probability = EXCLUDED.churn_probability,
         risk_level = EXCLUDED.risk_level, predicted_at = EXCLUDED.predicted_at, updated_at = now()
       WHERE v.predicted_at IS NULL OR EXCLUDED.predicted_at > v.predicted_at`,
      [
        predictions.map((p) => p.customerId),
        predictions.map((p) => JSON.stringify(p)),
        predictions.map((p) => p.probability),
        predictions.map((p) => p.riskLevel),
        predictions.map((p) => p.predictedAt),
      ],
    );
  }

  private async addToTimeline(manager: EntityManager, entries: readonly TimelineEntry[]): Promise<void> {
    if (entries.length === 0) return;
    await manager.query(
      `INSERT INTO ${this.schema}.customer_timeline (customer_id, event_id, at, kind, summary)
       SELECT * FROM unnest($1::text[], $2::text[], $3::timestamptz[], $4::text[], $5::jsonb[]) ON CONFLICT DO NOTHING`,
      [
        entries.map((e) => e.customerId),
        entries.map((e) => e.eventId),
        entries.map((e) => e.at),
        entries.map((e) => e.kind),
        entries.map((e) => JSON.stringify(e.summary)),
      ],
    );
  }

  /** Today's snapshot of each touched customer: the state as the gateway knows it at the end of the day. */
  private async snapshot(manager: EntityManager, customerIds: string[], day: string): Promise<void> {
    if (customerIds.length === 0) return;
    await manager.query(
      `INSERT INTO ${this.schema}.customer_daily (customer_id, day, segment, tier, stage, currency, clv_minor, purchase_count, frequency, net_spend_minor, churn_probability)
       SELECT customer_id, $2::date, segment, tier, stage, currency, clv_minor, (score->>'purchaseCount')::int, (score->>'frequency')::int,
              (score->>'netSpendMinor')::bigint, churn_probability
       FROM ${this.schema}.customer_view WHERE customer_id = ANY($1)
       ON CONFLICT (customer_id, day) DO UPDATE SET segment = EXCLUDED.segment, tier = EXCLUDED.tier, stage = EXCLUDED.stage,
         currency = EXCLUDED.currency, clv_minor = EXCLUDED.clv_minor, purchase_count = EXCLUDED.purchase_count, frequency = EXCLUDED.frequency,
         net_spend_minor = EXCLUDED.net_spend_minor, churn_probability = EXCLUDED.churn_probability`,
      [customerIds, day],
    );
  }

  private deadLetter(rejected: Extract<ParsedReadModelRecord, { ok: false }>) {
    const { record } = rejected;
    return deadLetterRecord({
      dlqTopic: Topics.gatewayDlq,
      consumer: this.config.CONSUMER_GROUP,
      reason: { code: rejected.code, message: rejected.reason },
      source: kafkaSource(record),
      payload: record.value,
      key: record.key,
      now: this.clock.now(),
    });
  }
}
