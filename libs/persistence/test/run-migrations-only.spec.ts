import { Client } from 'pg';
import type { Logger } from '@churn/observability';
import { createTestNamespace } from '@churn/testing';
import {
  EFFECTIVELY_ONCE_MIGRATIONS,
  PROCESSED_EVENTS_MIGRATIONS,
  effectivelyOnceMigrations,
} from '../src/effectively-once.migrations';
import { runMigrationsOnly } from '../src/migrate';

describe('effectivelyOnceMigrations', () => {
  class Own1700000000000 {
    async up(): Promise<void> {}
    async down(): Promise<void> {}
  }

  it('puts the shared migrations first, the outbox only for a service that publishes', () => {
    expect(effectivelyOnceMigrations({ OUTBOX_POLL_INTERVAL_MS: 1_000 }, [Own1700000000000])).toEqual([
      ...EFFECTIVELY_ONCE_MIGRATIONS,
      Own1700000000000,
    ]);
    expect(effectivelyOnceMigrations({}, [Own1700000000000])).toEqual([
      ...PROCESSED_EVENTS_MIGRATIONS,
      Own1700000000000,
    ]);
  });
});

describe('runMigrationsOnly (real Postgres)', () => {
  const ns = createTestNamespace('migrate');
  afterAll(() => ns.cleanup());

  const query = async (sql: string, params: unknown[]): Promise<string[]> => {
    const client = new Client({ connectionString: ns.endpoints.TEST_DATABASE_URL });
    await client.connect();
    try {
      return (await client.query<{ name: string }>(sql, params)).rows.map((row) => row.name);
    } finally {
      await client.end();
    }
  };
  const tables = () =>
    query('SELECT table_name AS name FROM information_schema.tables WHERE table_schema = $1 ORDER BY 1', [ns.dbSchema]);

  it('creates the schema, applies what is pending, logs it, and applies nothing the second time', async () => {
    expect(
      await query('SELECT schema_name AS name FROM information_schema.schemata WHERE schema_name = $1', [ns.dbSchema]),
    ).toEqual([]);
    const info = jest.fn();
    const options = {
      url: ns.endpoints.TEST_DATABASE_URL,
      schema: ns.dbSchema,
      migrations: [...EFFECTIVELY_ONCE_MIGRATIONS],
      logger: { info } as unknown as Logger,
    };

    const first = await runMigrationsOnly(options);
    expect(first).toEqual([
      'CreateProcessedEvents1732500000000',
      'CreateOutbox1732500000001',
      'IndexProcessedEventsAge1732700000000',
    ]);
    expect(await tables()).toEqual(['migrations', 'outbox', 'processed_events']);
    expect(info).toHaveBeenLastCalledWith({ schema: ns.dbSchema, applied: first }, 'migrations applied');

    expect(await runMigrationsOnly(options)).toEqual([]);
    expect(info).toHaveBeenLastCalledWith({ schema: ns.dbSchema, applied: [] }, 'schema up to date');
    expect(await query(`SELECT name FROM "${ns.dbSchema}".migrations ORDER BY id`, [])).toEqual(first);
  });

  it('fails when the database cannot be reached', async () => {
    const url = new URL(ns.endpoints.TEST_DATABASE_URL);
    url.pathname = '/no_such_database_for_migrate';
    await expect(runMigrationsOnly({ url: url.toString(), schema: ns.dbSchema, migrations: [] })).rejects.toThrow(
      /no_such_database_for_migrate/,
    );
  });
});
