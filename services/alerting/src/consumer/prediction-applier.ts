import { Inject, Injectable } from '@nestjs/common';
import { ChurnPredictionV1, Topics } from '@churn/contracts';
import { Clock } from '@churn/config';
import { MS_PER_DAY } from '@churn/domain';
import type { ConsumedRecord } from '@churn/messaging';
import { recordNewEvents } from '@churn/persistence';
import { Counter, Registry } from 'prom-client';
import { DataSource } from 'typeorm';
import type { AlertingConfig } from '../config';
import { AlertStore } from '../lifecycle/alert.store';
import { AlertWriter } from '../lifecycle/alert-writer';
import { ActiveRules } from '../rules/active-rules';
import { ALERTING_CONFIG } from '../tokens';
import { deadLetterOf, processedIdOf, recordParser } from './consumed-record';
import { PredictionPlanner } from './prediction-planner';

const parsePrediction = recordParser(ChurnPredictionV1);

/**
 * Applies a batch of churn-predictions.v1 effectively-once, in ONE transaction: record the
 * eventIds as processed (only new ones are applied), lock the customers' state and unresolved
 * alerts, run the rules, save alerts + history + customer state, and put the alerts.v1 events
 * (and dead letters) in the outbox and the webhook deliveries in their queue.
 */
@Injectable()
export class PredictionApplier {
  private readonly consumer: string;
  private readonly applied: Counter<'outcome'>;
  private readonly alertEvents: Counter<'type'>;

  constructor(
    private readonly dataSource: DataSource,
    private readonly alerts: AlertStore,
    private readonly writer: AlertWriter,
    private readonly rules: ActiveRules,
    private readonly clock: Clock,
    @Inject(ALERTING_CONFIG) private readonly config: AlertingConfig,
    registry: Registry,
  ) {
    this.consumer = `${config.CONSUMER_GROUP}:${Topics.churnPredictions}`;
    this.applied = new Counter({ name: 'alerting_predictions_total', help: 'churn-predictions.v1 records by outcome (applied, stale, duplicate, dead_lettered)', labelNames: ['outcome'], registers: [registry] });
    this.alertEvents = new Counter({ name: 'alerting_alert_events_total', help: 'Alert lifecycle events written to the outbox, by type', labelNames: ['type'], registers: [registry] });
  }

  async apply(records: readonly ConsumedRecord[]): Promise<void> {
    const parsed = records.map(parsePrediction);
    const now = this.clock.now();
    const rules = this.rules.current;
    const outcome = await this.dataSource.transaction(async (manager) => {
      const fresh = await recordNewEvents(manager, this.consumer, parsed.map(processedIdOf));
      const predictions = parsed.flatMap((p) => (p.ok && fresh.has(p.event.eventId) ? [p.event] : []));
      const customerIds = [...new Set(predictions.map((p) => p.customerId))].sort();
      const states = await this.alerts.lockStates(manager, customerIds);
      const unresolved = await this.alerts.lockUnresolved(manager, customerIds);
      const reached = await this.alerts.channelReachTimes(manager, customerIds, new Date(now.getTime() - rules.contactFatigue.windowDays * MS_PER_DAY));
      const planner = new PredictionPlanner(rules, now, states, unresolved, reached);
      for (const prediction of predictions) planner.apply(prediction);
      const deadLetters = parsed.flatMap((p) => (!p.ok && fresh.has(processedIdOf(p)) ? [deadLetterOf(p, this.config.CONSUMER_GROUP, now)] : []));
      await this.alerts.saveStates(manager, planner.customerStates, now);
      const queued = await this.writer.write(manager, planner.changes, deadLetters);
      return { queued, applied: predictions.length - planner.stale, stale: planner.stale, deadLettered: deadLetters.length, events: planner.changes.events };
    });
    this.writer.afterCommit(outcome.queued);
    this.applied.inc({ outcome: 'applied' }, outcome.applied);
    this.applied.inc({ outcome: 'stale' }, outcome.stale);
    this.applied.inc({ outcome: 'dead_lettered' }, outcome.deadLettered);
    this.applied.inc({ outcome: 'duplicate' }, records.length - outcome.applied - outcome.stale - outcome.deadLettered);
    for (const event of outcome.events) this.alertEvents.inc({ type: event.type });
  }
}
