import 'reflect-metadata';
import { listen } from '@churn/http';
import { createLogger, createMetricsRegistry } from '@churn/observability';
import { loadGatewayConfig } from './config';
import { createGatewayApp } from './http/gateway-app';

async function main(): Promise<void> {
  const config = loadGatewayConfig();
  const logger = createLogger('gateway', config.LOG_LEVEL);
  const app = await createGatewayApp({ config, logger, registry: createMetricsRegistry('gateway') });
  await listen(app, config.HOST, config.PORT, logger);
}

main().catch((error: unknown) => {
  // The logger may not exist yet (bad configuration): fall back to one JSON line on stderr.
  process.stderr.write(`${JSON.stringify({ level: 'fatal', service: 'gateway', msg: 'start-up failed', err: String(error) })}\n`);
  process.exit(1);
});
