import type { TSchema } from '@sinclair/typebox';
import { AlertV1 } from './schemas/alert';
import { ChurnPredictionV1 } from './schemas/churn-prediction';
import { CustomerErasureV1 } from './schemas/customer-erasure';
import { DeadLetterV1 } from './schemas/dead-letter';
import { InteractionEventV1, InteractionV1 } from './schemas/interaction';
import { LoyaltyEventV1 } from './schemas/loyalty';
import { PurchaseEventV1, PurchaseV1 } from './schemas/purchase';
import { ScoreV1 } from './schemas/score';
import { type TopicName, Topics, topicCatalogue } from './topics';

/** The message schema carried by each topic: the single link between catalogue and schemas. */
export const topicMessageSchemas: Readonly<Record<TopicName, TSchema>> = {
  [Topics.purchasesRaw]: PurchaseEventV1,
  [Topics.purchases]: PurchaseV1,
  [Topics.purchasesDlq]: DeadLetterV1,
  [Topics.interactionsRaw]: InteractionEventV1,
  [Topics.interactions]: InteractionV1,
  [Topics.interactionsDlq]: DeadLetterV1,
  [Topics.scores]: ScoreV1,
  [Topics.scoringDlq]: DeadLetterV1,
  [Topics.churnPredictions]: ChurnPredictionV1,
  [Topics.churnPredictionDlq]: DeadLetterV1,
  [Topics.alerts]: AlertV1,
  [Topics.alertingDlq]: DeadLetterV1,
  [Topics.loyalty]: LoyaltyEventV1,
  [Topics.loyaltyDlq]: DeadLetterV1,
  [Topics.customerErasures]: CustomerErasureV1,
  [Topics.gatewayDlq]: DeadLetterV1,
};

/** Plain JSON Schema: TypeBox keeps its bookkeeping in symbol keys, which JSON drops. */
export function toJsonSchema(schema: TSchema): Record<string, unknown> {
  return JSON.parse(JSON.stringify(schema)) as Record<string, unknown>;
}

/** All message schemas by their $id, as published in libs/contracts/generated/schemas. */
export function jsonSchemas(): Record<string, Record<string, unknown>> {
  const byId: Record<string, Record<string, unknown>> = {};
  for (const schema of Object.values(topicMessageSchemas)) byId[String(schema.$id)] = toJsonSchema(schema);
  return byId;
}

/** AsyncAPI 3.0 document for every topic in the catalogue, generated, never hand-written. */
export function buildAsyncApiDocument(version: string): Record<string, unknown> {
  const channels: Record<string, unknown> = {};
  const messages: Record<string, unknown> = {};
  for (const topic of topicCatalogue) {
    const schema = topicMessageSchemas[topic.name as TopicName];
    const messageName = String(schema.$id);
    messages[messageName] = {
      name: messageName,
      title: schema.title,
      contentType: 'application/json',
      bindings: { kafka: { key: { type: 'string', description: 'customerId' } } },
      payload: { $ref: `#/components/schemas/${messageName}` },
    };
    channels[topic.name] = {
      address: topic.name,
      description: topic.description,
      messages: { [messageName]: { $ref: `#/components/messages/${messageName}` } },
      bindings: { kafka: { partitions: topic.partitions, topicConfiguration: { 'retention.ms': topic.retentionMs } } },
    };
  }
  return {
    asyncapi: '3.0.0',
    info: {
      title: 'Churn platform events',
      version,
      description: 'Kafka topics of the churn platform. Key = customerId on every topic. Generated from libs/contracts.',
    },
    defaultContentType: 'application/json',
    channels,
    components: { schemas: jsonSchemas(), messages },
  };
}
