import { type DynamicModule, Module } from '@nestjs/common';
import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import { Clock, SystemClock, brokerList } from '@churn/config';
import { KafkaHealthIndicator, MessagingModule } from '@churn/messaging';
import { ObservabilityModule } from '@churn/observability';
import { DatabaseHealthIndicator, effectivelyOnceModules } from '@churn/persistence';
import type { AlertingConfig } from './config';
import { AlertingConsumer } from './consumer/alerting.consumer';
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
import { CreateAlerts1733000000000 } from './lifecycle/alerts.migration';
import { OutcomeQuery } from './outcomes/outcome-query';
import { ActiveRules } from './rules/active-rules';
import { loadRuleSetFile } from './rules/rule-set-loader';
import { ALERTING_CONFIG } from './tokens';
import { DeliveryStore } from './webhooks/delivery.store';
import { SubscriptionStore } from './webhooks/subscription.store';
import { WebhookDispatcher } from './webhooks/webhook-dispatcher';
import { CreateWebhooks1733000000001 } from './webhooks/webhooks.migration';

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
        ...effectivelyOnceModules(config, { migrations: [CreateAlerts1733000000000, CreateWebhooks1733000000001] }),
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
        AlertingConsumer,
        SubscriptionStore,
        DeliveryStore,
        WebhookDispatcher,
        OutcomeQuery,
      ],
    };
  }
}
