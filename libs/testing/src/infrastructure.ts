import { existsSync } from 'node:fs';
import { ensureKafka, ensurePostgres, ensureRedis, stopKafka } from '@churn/local-stack';
import { assertLoopback } from './loopback';

/** Where the test servers are, passed to test workers through the environment. */
export interface TestEndpoints {
  TEST_KAFKA_BROKERS: string;
  TEST_DATABASE_URL: string;
  TEST_REDIS_URL: string;
}

export interface TestInfrastructure {
  endpoints: TestEndpoints;
  mode: 'testcontainers' | 'local-stack';
  /** Stops only what this call started (a broker somebody else runs is left alone). */
  stop(): Promise<void>;
}

const LOCAL_TEST_DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/churn_test';

/**
 * Kafka, Postgres and Redis for integration tests: containers where a Docker engine answers,
 * otherwise the project's local stack (the machine's Postgres and Redis, and a Kafka broker the
 * launcher starts from Maven Central jars). Set TEST_INFRA=local to skip the Docker probe.
 */
export async function startTestInfrastructure(): Promise<TestInfrastructure> {
  if (process.env['TEST_INFRA'] !== 'local' && (await dockerAvailable())) return startContainers();
  return startLocalStack();
}

async function startLocalStack(): Promise<TestInfrastructure> {
  const [kafka] = await Promise.all([ensureKafka(), ensurePostgres(LOCAL_TEST_DATABASE_URL), ensureRedis()]);
  const endpoints: TestEndpoints = {
    TEST_KAFKA_BROKERS: kafka.brokers.join(','),
    TEST_DATABASE_URL: LOCAL_TEST_DATABASE_URL,
    TEST_REDIS_URL: 'redis://127.0.0.1:6379',
  };
  assertLoopback(...kafka.brokers, endpoints.TEST_DATABASE_URL, endpoints.TEST_REDIS_URL);
  return {
    endpoints,
    mode: 'local-stack',
    stop: async () => {
      if (kafka.startedHere) await stopKafka();
    },
  };
}

async function dockerAvailable(): Promise<boolean> {
  if (!process.env['DOCKER_HOST'] && !existsSync('/var/run/docker.sock')) return false;
  try {
    const { getContainerRuntimeClient } = await import('testcontainers');
    await getContainerRuntimeClient();
    return true;
  } catch {
    return false;
  }
}

async function startContainers(): Promise<TestInfrastructure> {
  const [{ KafkaContainer }, { PostgreSqlContainer }, { RedisContainer }] = await Promise.all([
    import('@testcontainers/kafka'),
    import('@testcontainers/postgresql'),
    import('@testcontainers/redis'),
  ]);
  const [kafka, postgres, redis] = await Promise.all([
    new KafkaContainer('confluentinc/cp-kafka:7.9.0').withKraft().start(),
    new PostgreSqlContainer('postgres:16-alpine').start(),
    new RedisContainer('redis:7-alpine').start(),
  ]);
  return {
    endpoints: {
      TEST_KAFKA_BROKERS: `${kafka.getHost()}:${kafka.getMappedPort(9093)}`,
      TEST_DATABASE_URL: postgres.getConnectionUri(),
      TEST_REDIS_URL: `redis://${redis.getHost()}:${redis.getMappedPort(6379)}`,
    },
    mode: 'testcontainers',
    stop: async () => {
      await Promise.all([kafka.stop(), postgres.stop(), redis.stop()]);
    },
  };
}
