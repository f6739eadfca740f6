import 'reflect-metadata';
import { Command, InvalidArgumentError } from 'commander';
import { createDataSource, openDatabase } from '@churn/persistence';
import { ApiKeyStore } from './auth/api-key.store';
import { SCOPES, type Scope, isScope } from './auth/scopes';
import { loadGatewayConfig } from './config';
import { GATEWAY_MIGRATIONS } from './migrations';

/**
 * Creates an API key straight in the gateway's schema (migrating it first): the way to get the
 * first admin key. Prints the key once, on stdout, as JSON; only its hash is stored.
 *   node services/gateway/dist/create-api-key.js --name ops-admin --scopes admin
 */
const parseScopes = (value: string): Scope[] => {
  const scopes = value.split(',').map((s) => s.trim()).filter(Boolean);
  const unknown = scopes.filter((s) => !isScope(s));
  if (scopes.length === 0 || unknown.length > 0) throw new InvalidArgumentError(`scopes are a comma-separated list of: ${SCOPES.join(', ')}`);
  return scopes as Scope[];
};

async function main(): Promise<void> {
  const options = new Command('create-api-key')
    .description('Create a gateway API key (DATABASE_URL and DB_SCHEMA from the environment)')
    .requiredOption('--name <name>', 'who or what the key is for')
    .requiredOption('--scopes <list>', `comma-separated: ${SCOPES.join(', ')}`, parseScopes)
    .parse()
    .opts<{ name: string; scopes: Scope[] }>();
  const config = loadGatewayConfig();
  const dataSource = createDataSource({ url: config.DATABASE_URL, schema: config.DB_SCHEMA, poolSize: 1, migrations: GATEWAY_MIGRATIONS });
  await openDatabase(dataSource);
  try {
    const { key, record } = await new ApiKeyStore(dataSource).create(options.name, options.scopes, 'cli');
    process.stdout.write(`${JSON.stringify({ key, id: record.id, name: record.name, scopes: record.scopes })}\n`);
    process.stderr.write('Store the key now: it is shown only once.\n');
  } finally {
    await dataSource.destroy();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
