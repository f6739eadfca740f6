import type { ServiceSpec } from '../services';

/** What every service needs to find the shared infrastructure. */
export interface StackEndpoints {
  readonly kafkaBrokers: readonly string[];
  readonly databaseUrl: string;
  readonly redisUrl: string;
  readonly topicPrefix: string;
  readonly logLevel: string;
}

/**
 * The environment of a service process: the launcher's own (PATH, HOME, NODE_OPTIONS...) with the
 * stack's settings on top, so a stray PORT or DATABASE_URL in the shell cannot point the service
 * elsewhere.
 */
export function buildServiceEnv(
  service: ServiceSpec,
  endpoints: StackEndpoints,
  baseEnv: NodeJS.ProcessEnv = process.env,
): NodeJS.ProcessEnv {
  return {
    ...baseEnv,
    PORT: String(service.port),
    KAFKA_BROKERS: endpoints.kafkaBrokers.join(','),
    DATABASE_URL: endpoints.databaseUrl,
    REDIS_URL: endpoints.redisUrl,
    TOPIC_PREFIX: endpoints.topicPrefix,
    LOG_LEVEL: endpoints.logLevel,
  };
}
