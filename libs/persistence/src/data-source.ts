import { DataSource, type MixedList } from 'typeorm';

export interface DatabaseOptions {
  url: string;
  /** The service's own schema: database-per-service on one Postgres server. */
  schema: string;
  poolSize: number;
  // TypeORM's own type for migration lists.
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  migrations: MixedList<Function>;
  /**
   * Server settings for every pooled connection, sent when it connects (e.g. `{ jit: 'off' }`).
   * Default: none, the server's own.
   */
  sessionSettings?: Readonly<Record<string, string>>;
}

/**
 * A TypeORM data source confined to one schema: its tables, and its migrations table, live there,
 * so services sharing a server never see each other's tables.
 */
export function createDataSource(options: DatabaseOptions): DataSource {
  return new DataSource({
    type: 'postgres',
    url: options.url,
    schema: options.schema,
    poolSize: options.poolSize,
    migrations: options.migrations,
    migrationsTableName: 'migrations',
    migrationsTransactionMode: 'each',
    synchronize: false,
    logging: false,
    // Fail over fast while Postgres restarts; the health check and retries do the rest.
    extra: {
      connectionTimeoutMillis: 5_000,
      ...(options.sessionSettings
        ? { options: Object.entries(options.sessionSettings).map(([name, value]) => `-c ${name}=${value}`).join(' ') }
        : {}),
    },
  });
}

/**
 * Connects, creates the schema if needed and applies pending migrations. Returns the names of the
 * migrations applied, in order: none when the schema was up to date.
 */
export async function openDatabase(dataSource: DataSource): Promise<string[]> {
  await dataSource.initialize();
  const schema = (dataSource.options as { schema: string }).schema;
  await dataSource.query(`CREATE SCHEMA IF NOT EXISTS "${schema}"`);
  const applied = await dataSource.runMigrations();
  return applied.map((migration) => migration.name);
}
