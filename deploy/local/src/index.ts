// Programmatic API of the local stack, for the test harness and scripts; the CLI is cli.ts.
export {
  ensureKafka,
  stopKafka,
  kafkaStatus,
  KAFKA_HOST,
  type KafkaOptions,
  type KafkaHandle,
  type StopKafkaOptions,
  type KafkaStatus,
} from './kafka/broker';
export { ensureTopics, topicConfigs, type EnsureTopicsOptions, type EnsureTopicsResult } from './kafka/topics';
export { consumerGroupLag, type Watermarks } from './kafka/group-lag';
export { ensureKafkaJars, type KafkaJars } from './kafka/jars';
export { ensurePostgres, DEFAULT_DATABASE_URL, type PostgresHandle } from './infra/postgres';
export { ensureRedis, DEFAULT_REDIS_URL } from './infra/redis';
export type { InfraHandle } from './infra/machine-server';
export {
  ensureService,
  stopService,
  serviceStatus,
  type ServiceRunOptions,
  type ServiceUpResult,
  type ServiceStatus,
} from './service-runner/service-process';
export { buildServiceEnv, type StackEndpoints } from './service-runner/service-env';
export { startChildService, type ChildService, type ChildServiceOptions } from './service-runner/child-service';
export { freePort } from './net';
export { stackLayout } from './stack-layout';
export { services, type ServiceSpec } from './services';
export { upStack, type StackOptions } from './stack/up';
export { downStack } from './stack/down';
export { reportStackStatus, type StatusOptions } from './stack/status';
export type { StopOutcome } from './process/process-control';
export type { Reporter } from './reporter';
