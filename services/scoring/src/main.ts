import 'reflect-metadata';
import { createHttpApp, listen } from '@churn/http';
import { createLogger, createMetricsRegistry } from '@churn/observability';
import { loadScoringConfig } from './config';
import { ScoringModule } from './scoring.module';

async function main(): Promise<void> {
  const config = loadScoringConfig();
  const logger = createLogger('scoring', config.LOG_LEVEL);
  const registry = createMetricsRegistry('scoring');
  const app = await createHttpApp(ScoringModule.forRoot({ config, logger, registry }), { logger, bodyLimitBytes: config.HTTP_BODY_LIMIT_BYTES });
  await listen(app, config.HOST, config.PORT, logger);
}

main().catch((error: unknown) => {
  // The logger may not exist yet (bad configuration): fall back to one JSON line on stderr.
  process.stderr.write(`${JSON.stringify({ level: 'fatal', service: 'scoring', msg: 'start-up failed', err: String(error) })}\n`);
  process.exit(1);
});
