import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { ensureTopics } from '@churn/local-stack';
import type { TestEndpoints } from './infrastructure';

/**
 * Everything one test file owns on the shared servers: its own topic prefix, database schema and
 * Redis key prefix, so test files (and concurrent runs) never see each other's data.
 */
export interface TestNamespace {
  readonly id: string;
  readonly topicPrefix: string;
  readonly dbSchema: string;
  readonly redisPrefix: string;
  readonly endpoints: TestEndpoints;
  /** Creates the catalogue's topics under this namespace's prefix. */
  createTopics(): Promise<void>;
  /** Drops the namespace's schema (topics are left to retention: deleting them is slow in KRaft). */
  cleanup(): Promise<void>;
}

export function testEndpoints(): TestEndpoints {
  const { TEST_KAFKA_BROKERS, TEST_DATABASE_URL, TEST_REDIS_URL } = process.env;
  if (!TEST_KAFKA_BROKERS || !TEST_DATABASE_URL || !TEST_REDIS_URL) {
    throw new Error('test infrastructure is not up: run integration tests through jest with the @churn/testing global setup');
  }
  return { TEST_KAFKA_BROKERS, TEST_DATABASE_URL, TEST_REDIS_URL };
}

export function createTestNamespace(label: string): TestNamespace {
  const id = `${label.replace(/[^a-z0-9]/gi, '').toLowerCase()}_${randomBytes(4).toString('hex')}`;
  const endpoints = testEndpoints();
  const dbSchema = `t_${id}`;
  return {
    id,
    topicPrefix: `test.${id}`,
    dbSchema,
    redisPrefix: `test:${id}:`,
    endpoints,
    createTopics: async () => {
      await ensureTopics(endpoints.TEST_KAFKA_BROKERS.split(','), { prefix: `test.${id}` });
    },
    cleanup: async () => {
      const client = new Client({ connectionString: endpoints.TEST_DATABASE_URL });
      await client.connect();
      try {
        await client.query(`DROP SCHEMA IF EXISTS "${dbSchema}" CASCADE`);
      } finally {
        await client.end();
      }
    },
  };
}
