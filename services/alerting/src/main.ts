import 'reflect-metadata';
import { createHttpApp, listen } from '@churn/http';
import { createLogger, createMetricsRegistry } from '@churn/observability';
import { AlertingModule } from './alerting.module';
import { loadAlertingConfig } from './config';

async function main(): Promise<void> {
  const config = loadAlertingConfig();
  const logger = createLogger('alerting', config.LOG_LEVEL);
  const registry = createMetricsRegistry('alerting');
  const app = await createHttpApp(AlertingModule.forRoot({ config, logger, registry }), { logger, bodyLimitBytes: config.HTTP_BODY_LIMIT_BYTES });
  await listen(app, config.HOST, config.PORT, logger);
}

main().catch((error: unknown) => {
  // The logger may not exist yet (bad configuration or rule file): fall back to one JSON line on stderr.
  process.stderr.write(`${JSON.stringify({ level: 'fatal', service: 'alerting', msg: 'start-up failed', err: String(error) })}\n`);
  process.exit(1);
});
