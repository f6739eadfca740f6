import 'reflect-metadata';
import { createHttpApp, listen } from '@churn/http';
import { createLogger, createMetricsRegistry } from '@churn/observability';
import { loadLoyaltyLedgerConfig } from './config';
import { LoyaltyLedgerModule } from './loyalty-ledger.module';

async function main(): Promise<void> {
  const config = loadLoyaltyLedgerConfig();
  const logger = createLogger('loyalty-ledger', config.LOG_LEVEL);
  const registry = createMetricsRegistry('loyalty-ledger');
  const app = await createHttpApp(LoyaltyLedgerModule.forRoot({ config, logger, registry }), {
    logger,
    bodyLimitBytes: config.HTTP_BODY_LIMIT_BYTES,
  });
  await listen(app, config.HOST, config.PORT, logger);
}

main().catch((error: unknown) => {
  // The logger may not exist yet (bad configuration): fall back to one JSON line on stderr.
  process.stderr.write(
    `${JSON.stringify({ level: 'fatal', service: 'loyalty-ledger', msg: 'start-up failed', err: String(error) })}\n`,
  );
  process.exit(1);
});
