import { type DynamicModule, Module } from '@nestjs/common';
import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import { Clock, SystemClock, brokerList } from '@churn/config';
import { KafkaHealthIndicator, MessagingModule } from '@churn/messaging';
import { ObservabilityModule } from '@churn/observability';
import { DatabaseHealthIndicator, effectivelyOnceModules } from '@churn/persistence';
import type { AlertingConfig } from './config';
import { AlertingConsumer } from './consumer/alerting.consumer';
import { ErasureApplier } from './consumer/erasure-applier';
import { PredictionApplier } from './consumer/prediction-applier';
import { PurchaseApplier } from './consumer/purchase-applier';
import { AlertsController } from './http/alerts.controller';
import { DeliveriesController } from './http/deliveries.controller';
import { ReportsController } from './http/reports.controller';
import { RulesController } from './http/rules.controller';
import { SubscriptionsController } from './http/subscriptions.controller';
import { AlertCommands } from './lifecycle/alert-commands';
import { AlertStore } from './lifecycle/alert.store';
import { AlertWriter } from './lifecycle/alert-writer';
import { ALERTING_MIGRATIONS } from './migrations';
import { OutcomeQuery } from './outcomes/outcome-query';
import { ErasureStore } from './erasure/erasure.store';
import { ActiveRules } from './rules/active-rules';
import { loadRuleSetFile } from './rules/rule-set-loader';
import { ALERTING_CONFIG } from './tokens';
import { DeliveryStore } from './webhooks/delivery.store';
import { SubscriptionStore } from './webhooks/subscription.store';
import { WebhookDispatcher } from './webhooks/webhook-dispatcher';

export interface AlertingModuleOptions {
  config: AlertingConfig;
  logger: Logger;
  registry: Registry;
  clock?: Clock;
}

@Module({})
export class AlertingModule {
  static forRoot({ config, logger, registry, clock = new SystemClock() }: AlertingModuleOptions): DynamicModule {
    // Loaded here, before anything starts: an invalid rule file stops start-up with every problem named.
    const rules = new ActiveRules(loadRuleSetFile(config.RULES_FILE));
    logger.info({ ruleVersion: rules.current.version, file: config.RULES_FILE }, 'alert rules loaded');
    return {
      module: AlertingModule,
      imports: [
        ObservabilityModule.forRoot({
          logger,
          registry,
          healthIndicators: [KafkaHealthIndicator, DatabaseHealthIndicator],
        }),
        ...effectivelyOnceModules(config, { migrations: ALERTING_MIGRATIONS }),
        MessagingModule.forRoot({
          clientId: 'alerting',
          brokers: brokerList(config.KAFKA_BROKERS),
          topicPrefix: config.TOPIC_PREFIX,
        }),
      ],
      controllers: [
        AlertsController,
        SubscriptionsController,
        DeliveriesController,
        ReportsController,
        RulesController,
      ],
      providers: [
        { provide: ALERTING_CONFIG, useValue: config },
        { provide: Clock, useValue: clock },
        { provide: ActiveRules, useValue: rules },
        AlertStore,
        AlertWriter,
        AlertCommands,
        PredictionApplier,
        PurchaseApplier,
        ErasureStore,
        ErasureApplier,
        AlertingConsumer,
        SubscriptionStore,
        DeliveryStore,
        WebhookDispatcher,
        OutcomeQuery,
      ],
    };
  }
}
