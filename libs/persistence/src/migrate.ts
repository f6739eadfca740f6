import { type Logger, createLogger } from '@churn/observability';
import { type DatabaseOptions, createDataSource, openDatabase } from './data-source';

export interface MigrationRunOptions extends Pick<DatabaseOptions, 'url' | 'schema' | 'migrations'> {
  /** Gets one line when done: the schema and the names of the migrations applied. */
  logger?: Logger;
}

/**
 * What a service does to its schema at start-up, and nothing else: connects (one connection),
 * creates the schema if needed, applies the pending migrations and disconnects. Returns the names of
 * the migrations applied, in order: none when the schema was up to date.
 */
export async function runMigrationsOnly(options: MigrationRunOptions): Promise<string[]> {
  const dataSource = createDataSource({
    url: options.url,
    schema: options.schema,
    poolSize: 1,
    migrations: options.migrations,
  });
  let applied: string[];
  try {
    applied = await openDatabase(dataSource);
  } finally {
    if (dataSource.isInitialized) await dataSource.destroy();
  }
  options.logger?.info(
    { schema: options.schema, applied },
    applied.length > 0 ? 'migrations applied' : 'schema up to date',
  );
  return applied;
}

/** What a service's migrate entry point migrates: its loaded configuration and its migration list. */
export interface MigrationTarget {
  config: { DATABASE_URL: string; DB_SCHEMA: string; LOG_LEVEL: string };
  migrations: DatabaseOptions['migrations'];
}

/**
 * The body of a service's `dist/migrate.js`, the Helm chart's migration Job: runs `target` (it
 * loads the service's configuration, so a bad setting fails here too), migrates the schema with
 * runMigrationsOnly, logs one JSON line and exits 0. Any error: one JSON line on stderr, exit 1.
 * Opens no Kafka or Redis connection and no HTTP server.
 */
export function runMigrationCommand(service: string, target: () => MigrationTarget): void {
  const run = async (): Promise<void> => {
    const { config, migrations } = target();
    const logger = createLogger(service, config.LOG_LEVEL);
    await runMigrationsOnly({ url: config.DATABASE_URL, schema: config.DB_SCHEMA, migrations, logger });
  };
  run().then(
    () => process.exit(0),
    (error: unknown) => {
      process.stderr.write(
        `${JSON.stringify({ level: 'fatal', service, msg: 'migration failed', err: String(error) })}\n`,
      );
      process.exit(1);
    },
  );
}
