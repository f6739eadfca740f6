import 'reflect-metadata';
import { createHttpApp, listen } from '@churn/http';
import { createLogger, createMetricsRegistry } from '@churn/observability';
import { loadIngestionConfig } from './config';
import { IngestionModule } from './ingestion.module';

async function main(): Promise<void> {
  const config = loadIngestionConfig();
  const logger = createLogger('ingestion', config.LOG_LEVEL);
  const registry = createMetricsRegistry('ingestion');
  const app = await createHttpApp(IngestionModule.forRoot({ config, logger, registry }), { logger, bodyLimitBytes: config.HTTP_BODY_LIMIT_BYTES });
  await listen(app, config.HOST, config.PORT, logger);
}

main().catch((error: unknown) => {
  // The logger may not exist yet (bad configuration): fall back to one JSON line on stderr.
  process.stderr.write(`${JSON.stringify({ level: 'fatal', service: 'ingestion', msg: 'start-up failed', err: String(error) })}\n`);
  process.exit(1);
});
