import 'reflect-metadata';
import { createHttpApp, listen } from '@churn/http';
import { createLogger, createMetricsRegistry } from '@churn/observability';
import { ChurnPredictionModule } from './churn-prediction.module';
import { loadChurnPredictionConfig } from './config';

async function main(): Promise<void> {
  const config = loadChurnPredictionConfig();
  const logger = createLogger('churn-prediction', config.LOG_LEVEL);
  const registry = createMetricsRegistry('churn_prediction');
  const app = await createHttpApp(ChurnPredictionModule.forRoot({ config, logger, registry }), { logger, bodyLimitBytes: config.HTTP_BODY_LIMIT_BYTES });
  await listen(app, config.HOST, config.PORT, logger);
}

main().catch((error: unknown) => {
  // The logger may not exist yet (bad configuration): fall back to one JSON line on stderr.
  process.stderr.write(`${JSON.stringify({ level: 'fatal', service: 'churn-prediction', msg: 'start-up failed', err: String(error) })}\n`);
  process.exit(1);
});
