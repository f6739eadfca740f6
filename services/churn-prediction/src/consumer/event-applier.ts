import { Inject, Injectable } from '@nestjs/common';
import { type ChurnPredictionV1, Topics } from '@churn/contracts';
import { Clock } from '@churn/config';
import { MS_PER_DAY, utcDayIndex } from '@churn/domain';
import { type ConsumedRecord, type OutgoingRecord, deadLetterRecord, kafkaSource } from '@churn/messaging';
import { LOGGER } from '@churn/observability';
import { OutboxRelay, OutboxWriter, recordNewEvents } from '@churn/persistence';
import type { Logger } from 'pino';
import { Counter, Registry } from 'prom-client';
import { DataSource } from 'typeorm';
import type { ChurnPredictionConfig } from '../config';
import { CustomerEraser } from '../erasure/customer-eraser';
import { ModelRegistry } from '../models/model-registry';
import { type PredictionRequest, Predictor } from '../prediction/predictor';
import { CustomerStateStore } from '../state/customer-state.store';
import { CHURN_PREDICTION_CONFIG } from '../tokens';
import { type ConsumedEvent, parseConsumedRecord, processedIdOf } from './consumed-event';

/**
 * Applies one consumed batch of scores.v1 / interactions.v1 / customer-erasures.v1
 * effectively-once, in ONE transaction: record the ids as processed and keep only new ones, erase
 * the customers asked for, drop scores and interactions of an erased past, keep the newest score
 * per customer, store the interactions, predict every customer whose inputs changed with the
 * active model, and put the predictions (and dead letters) in the outbox. A replay changes nothing.
 */
@Injectable()
export class EventApplier {
  private readonly predictions: Counter<'trigger'>;
  private readonly outcomes: Counter<'outcome'>;

  constructor(
    private readonly dataSource: DataSource,
    private readonly states: CustomerStateStore,
    private readonly models: ModelRegistry,
    private readonly predictor: Predictor,
    private readonly eraser: CustomerEraser,
    private readonly outbox: OutboxWriter,
    private readonly relay: OutboxRelay,
    private readonly clock: Clock,
    @Inject(CHURN_PREDICTION_CONFIG) private readonly config: ChurnPredictionConfig,
    @Inject(LOGGER) private readonly logger: Logger,
    metrics: Registry,
  ) {
    this.predictions = new Counter({
      name: 'churn_predictions_total',
      help: 'Predictions published, by trigger',
      labelNames: ['trigger'],
      registers: [metrics],
    });
    this.outcomes = new Counter({
      name: 'churn_prediction_events_total',
      help: 'Consumed records by outcome (applied, erased, suppressed: a score or interaction of an erased past, duplicate, dead_lettered)',
      labelNames: ['outcome'],
      registers: [metrics],
    });
  }

  async apply(records: readonly ConsumedRecord[]): Promise<void> {
    const parsed = records.map((r) => parseConsumedRecord(r, this.config.TOPIC_PREFIX));
    const now = this.clock.now();
    const model = await this.models.active();
    const outcome = await this.dataSource.transaction(async (manager) => {
      const fresh = await recordNewEvents(manager, this.config.CONSUMER_GROUP, parsed.map(processedIdOf));
      const isFresh = (e: ConsumedEvent): boolean => fresh.has(processedIdOf(e));
      // Erasures first: a score or interaction of the same batch is then judged against the new tombstone.
      const erasure = await this.eraser.erase(
        manager,
        parsed.flatMap((e) => (e.ok && e.kind === 'erasure' && isFresh(e) ? [e.event] : [])),
      );
      const admitted = await this.eraser.admit(
        manager,
        parsed.flatMap((e) => (e.ok && e.kind === 'score' && isFresh(e) ? [e.event] : [])),
        parsed.flatMap((e) => (e.ok && e.kind === 'interaction' && isFresh(e) ? [e.event] : [])),
      );
      const scores = admitted.scores.live;
      const interactions = admitted.interactions.live;
      const deadLetters = parsed.flatMap((e) => (!e.ok && isFresh(e) ? [this.deadLetter(e, now)] : []));
      await this.states.lock(
        manager,
        [...scores, ...interactions].map((e) => e.customerId),
      );
      const rescored = await this.states.putNewestScores(manager, scores);
      await this.states.addInteractions(manager, interactions);

      const triggers = new Map<string, ChurnPredictionV1['trigger']>();
      for (const s of scores)
        if (rescored.has(s.customerId)) triggers.set(s.customerId, s.trigger === 'rescore' ? 'clock' : 'score');
      for (const i of interactions) if (!triggers.has(i.customerId)) triggers.set(i.customerId, 'interaction');
      const ids = [...triggers.keys()];
      const states = await this.states.states(manager, ids);
      const stored = await this.states.interactionsOf(manager, [...states.keys()]);
      const today = utcDayIndex(now.getTime()) * MS_PER_DAY;
      const requests: PredictionRequest[] = [...states.values()].map((state) => {
        const trigger = triggers.get(state.customerId)!;
        const scoreAsOf = Date.parse(state.score.asOf);
        // A new interaction ages the customer to today; a score is predicted at its own day.
        return {
          state,
          interactions: stored.get(state.customerId) ?? [],
          trigger,
          asOf: trigger === 'interaction' ? Math.max(scoreAsOf, today) : scoreAsOf,
        };
      });
      const updates = model && requests.length > 0 ? this.predictor.predict(model, requests, now) : [];
      if (!model && requests.length > 0)
        this.logger.warn({ customers: requests.length }, 'no active churn model: state stored, nothing predicted');
      await this.states.savePredictions(manager, updates);
      await this.outbox.append(manager, [...updates.map((u) => toRecord(u.prediction)), ...deadLetters]);
      const suppressed = admitted.scores.erased.length + admitted.interactions.erased.length;
      return {
        applied: scores.length + interactions.length,
        deadLettered: deadLetters.length,
        erasure,
        suppressed,
        predictions: updates.map((u) => u.prediction.trigger),
      };
    });
    this.relay.notify();
    // Counts only: a customer id in the logs would be the personal data the erasure removed.
    if (outcome.erasure.requests > 0)
      this.logger.info(
        { event: 'customer_erasure', requests: outcome.erasure.requests, withState: outcome.erasure.withState },
        'customers erased',
      );
    if (outcome.suppressed > 0)
      this.logger.info(
        { event: 'erased_events_skipped', records: outcome.suppressed },
        'scores and interactions of erased customers from before their erasure were not applied',
      );
    for (const trigger of outcome.predictions) this.predictions.inc({ trigger });
    this.outcomes.inc({ outcome: 'applied' }, outcome.applied);
    this.outcomes.inc({ outcome: 'erased' }, outcome.erasure.requests);
    this.outcomes.inc({ outcome: 'suppressed' }, outcome.suppressed);
    this.outcomes.inc({ outcome: 'dead_lettered' }, outcome.deadLettered);
    this.outcomes.inc(
      { outcome: 'duplicate' },
      records.length - outcome.applied - outcome.deadLettered - outcome.erasure.requests - outcome.suppressed,
    );
  }

  private deadLetter(event: Extract<ConsumedEvent, { ok: false }>, now: Date): OutgoingRecord {
    return deadLetterRecord({
      dlqTopic: Topics.churnPredictionDlq,
      consumer: this.config.CONSUMER_GROUP,
      reason: { code: event.code, message: event.reason },
      source: kafkaSource(event.record),
      payload: event.record.value,
      key: event.record.key,
      ...(event.eventId === undefined ? {} : { eventId: event.eventId }),
      now,
    });
  }
}

function toRecord(prediction: ChurnPredictionV1): OutgoingRecord {
  return {
    topic: Topics.churnPredictions,
    key: prediction.customerId,
    value: prediction,
    headers: { eventId: prediction.eventId },
  };
}
