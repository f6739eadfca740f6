import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createHttpApp } from '@churn/http';
import { createLogger, createMetricsRegistry } from '@churn/observability';
import type { TestNamespace } from '@churn/testing';
import { loadIngestionConfig } from '../src/config';
import { IngestionModule } from '../src/ingestion.module';

export interface RunningIngestion {
  app: NestFastifyApplication;
  baseUrl: string;
}

/** The real ingestion application on an ephemeral loopback port, wired to the test namespace. */
export async function startIngestion(ns: TestNamespace, env: Record<string, string> = {}): Promise<RunningIngestion> {
  const config = loadIngestionConfig({
    KAFKA_BROKERS: ns.endpoints.TEST_KAFKA_BROKERS,
    DATABASE_URL: ns.endpoints.TEST_DATABASE_URL,
    TOPIC_PREFIX: ns.topicPrefix,
    DB_SCHEMA: ns.dbSchema,
    LOG_LEVEL: 'error',
    ...env,
  });
  const logger = createLogger('ingestion-test', config.LOG_LEVEL);
  const app = await createHttpApp(IngestionModule.forRoot({ config, logger, registry: createMetricsRegistry('ingestion') }), {
    logger,
    bodyLimitBytes: config.HTTP_BODY_LIMIT_BYTES,
  });
  await app.listen(0, '127.0.0.1');
  const address = app.getHttpServer().address() as { port: number };
  return { app, baseUrl: `http://127.0.0.1:${address.port}` };
}

export async function postJson(url: string, body: string | unknown): Promise<{ status: number; body: Record<string, unknown>; headers: Headers }> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown>, headers: response.headers };
}
