import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { Clock } from '@churn/config';
import { createHttpApp } from '@churn/http';
import { createLogger, createMetricsRegistry } from '@churn/observability';
import type { TestNamespace } from '@churn/testing';
import { ChurnPredictionModule } from '../src/churn-prediction.module';
import { loadChurnPredictionConfig } from '../src/config';

export interface RunningChurnPrediction {
  app: NestFastifyApplication;
  baseUrl: string;
}

/** The real churn-prediction application on an ephemeral loopback port, wired to the test namespace. */
export async function startChurnPrediction(ns: TestNamespace, env: Record<string, string>, clock?: Clock): Promise<RunningChurnPrediction> {
  const config = loadChurnPredictionConfig({
    KAFKA_BROKERS: ns.endpoints.TEST_KAFKA_BROKERS,
    DATABASE_URL: ns.endpoints.TEST_DATABASE_URL,
    TOPIC_PREFIX: ns.topicPrefix,
    DB_SCHEMA: ns.dbSchema,
    OUTBOX_POLL_INTERVAL_MS: '100',
    LOG_LEVEL: 'error',
    ...env,
  });
  const logger = createLogger('churn-prediction-test', config.LOG_LEVEL);
  const app = await createHttpApp(ChurnPredictionModule.forRoot({ config, logger, registry: createMetricsRegistry('churn_prediction'), ...(clock ? { clock } : {}) }), {
    logger,
    bodyLimitBytes: config.HTTP_BODY_LIMIT_BYTES,
  });
  await app.listen(0, '127.0.0.1');
  const address = app.getHttpServer().address() as { port: number };
  return { app, baseUrl: `http://127.0.0.1:${address.port}` };
}
