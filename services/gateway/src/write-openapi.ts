import 'reflect-metadata';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createLogger, createMetricsRegistry } from '@churn/observability';
import { loadGatewayConfig } from './config';
import { createGatewayApp, openApiDocument } from './http/gateway-app';

/**
 * Writes the OpenAPI document the gateway serves at /docs/openapi.json to services/gateway/openapi.json
 * (or the path given), for clients that want it without a running gateway. The application is
 * built but never started: nothing connects beyond the background Redis client.
 *   node services/gateway/dist/write-openapi.js [path]
 */
async function main(): Promise<void> {
  const config = loadGatewayConfig({ ...process.env, LOG_LEVEL: 'fatal' });
  const app = await createGatewayApp({ config, logger: createLogger('gateway', config.LOG_LEVEL), registry: createMetricsRegistry('gateway') });
  const target = process.argv[2] ?? join(__dirname, '..', 'openapi.json');
  writeFileSync(target, `${JSON.stringify(openApiDocument(app), null, 2)}\n`);
  await app.close();
  process.stdout.write(`wrote ${target}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
