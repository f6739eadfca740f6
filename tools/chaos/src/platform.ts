import path from 'node:path';
import { type TopicName, Topics } from '@churn/contracts';
import { type ChildService, freePort, startChildService } from '@churn/local-stack';
import type { ChaosInfra } from './infra/chaos-infra';

export const SERVICE_NAMES = [
  'ingestion',
  'scoring',
  'churn-prediction',
  'alerting',
  'loyalty-ledger',
  'gateway',
] as const;
export type ServiceName = (typeof SERVICE_NAMES)[number];

/** What each service's consumer group reads, and where it dead-letters what it cannot apply. */
export const CONSUMES: Readonly<Record<ServiceName, ReadonlyArray<{ topic: TopicName; deadLetter: TopicName }>>> = {
  ingestion: [
    { topic: Topics.purchasesRaw, deadLetter: Topics.purchasesDlq },
    { topic: Topics.interactionsRaw, deadLetter: Topics.interactionsDlq },
  ],
  scoring: [Topics.purchases, Topics.customerErasures].map((topic) => ({ topic, deadLetter: Topics.scoringDlq })),
  'churn-prediction': [Topics.scores, Topics.interactions, Topics.customerErasures].map((topic) => ({
    topic,
    deadLetter: Topics.churnPredictionDlq,
  })),
  alerting: [Topics.churnPredictions, Topics.purchases, Topics.customerErasures].map((topic) => ({
    topic,
    deadLetter: Topics.alertingDlq,
  })),
  'loyalty-ledger': [Topics.purchases, Topics.interactions, Topics.alerts, Topics.customerErasures].map((topic) => ({
    topic,
    deadLetter: Topics.loyaltyDlq,
  })),
  gateway: [Topics.scores, Topics.churnPredictions].map((topic) => ({ topic, deadLetter: Topics.gatewayDlq })),
};

/** Set explicitly, as the win-back check counts in it. */
export const WIN_BACK_POINTS = 250;

/** A scenario's namespace on the chaos infrastructure: topics, schemas, consumer groups, Redis keys. */
export interface Namespace {
  readonly topicPrefix: string;
  readonly redisKeyPrefix: string;
  schemaOf(service: ServiceName): string;
  /** The Kafka group id: the services prefix their (default) group name with the topic prefix. */
  groupOf(service: ServiceName): string;
}

export function namespace(label: string): Namespace {
  return {
    topicPrefix: `chaos.${label}`,
    redisKeyPrefix: `chaos:${label}:`,
    schemaOf: (service) => `chaos_${label}_${service.replace('-', '_')}`,
    groupOf: (service) => `chaos.${label}.${service}`,
  };
}

/**
 * The six services as child processes on one namespace. Ports are chosen up front, so every
 * service starts at once and a killed one restarts where its peers (the gateway, churn-prediction's
 * calls to scoring) expect it.
 */
export class Platform {
  private readonly primaries = new Map<ServiceName, ChildService>();
  private readonly extras: ChildService[] = [];

  private constructor(
    private readonly infra: ChaosInfra,
    readonly ns: Namespace,
    private readonly ports: ReadonlyMap<ServiceName, number>,
  ) {}

  static async start(infra: ChaosInfra, ns: Namespace): Promise<Platform> {
    const ports = new Map<ServiceName, number>();
    for (const name of SERVICE_NAMES) ports.set(name, await freePort());
    await infra.kafka.createTopics(ns.topicPrefix);
    const platform = new Platform(infra, ns, ports);
    await Promise.all(SERVICE_NAMES.map((name) => platform.restart(name)));
    return platform;
  }

  url(name: ServiceName): string {
    return `http://127.0.0.1:${this.ports.get(name)!}`;
  }

  /** SIGKILL, as a crash or an OOM kill: no shutdown hooks, nothing flushed. */
  async kill(name: ServiceName): Promise<void> {
    await this.primaries.get(name)?.kill();
    this.primaries.delete(name);
  }

  async restart(name: ServiceName): Promise<void> {
    this.primaries.set(name, await this.spawn(name, this.ports.get(name)));
  }

  /** Another instance in the same consumer group and schema: the group rebalances. */
  async addInstance(name: ServiceName): Promise<ChildService> {
    const instance = await this.spawn(name, undefined);
    this.extras.push(instance);
    return instance;
  }

  async stop(): Promise<void> {
    await Promise.all([...this.extras, ...this.primaries.values()].map((s) => s.stop()));
    this.primaries.clear();
    this.extras.length = 0;
  }

  private spawn(name: ServiceName, port: number | undefined): Promise<ChildService> {
    return startChildService(name, {
      port,
      env: this.env(name),
      logFile: path.join(this.infra.dir, 'logs', `${this.ns.topicPrefix}.${name}.log`),
      readyTimeoutMs: 120_000,
    });
  }

  private env(name: ServiceName): Record<string, string> {
    const { ns, infra } = this;
    return {
      KAFKA_BROKERS: infra.kafka.brokers.join(','),
      TOPIC_PREFIX: ns.topicPrefix,
      DATABASE_URL: infra.postgres.url,
      DB_SCHEMA: ns.schemaOf(name),
      REDIS_URL: infra.redis.url,
      REDIS_KEY_PREFIX: ns.redisKeyPrefix,
      LOG_LEVEL: 'warn',
      // The wall-clock jobs (ledger unlock/expiry, the silence clock) would make the final state
      // depend on when a run ends; the scenarios compare what the events alone decide.
      JOBS_INTERVAL_MS: '0',
      WIN_BACK_POINTS: String(WIN_BACK_POINTS),
      RECHECK_TICK_MS: String(24 * 3_600_000),
      SCORING_URL: this.url('scoring'),
      INGESTION_URL: this.url('ingestion'),
      CHURN_PREDICTION_URL: this.url('churn-prediction'),
      ALERTING_URL: this.url('alerting'),
      LOYALTY_URL: this.url('loyalty-ledger'),
    };
  }
}
