import { promises as fs } from 'node:fs';
import { Client } from 'pg';
import { ensureLocalServer, type InfraHandle } from './machine-server';

/** Trust auth on loopback, as on dev machines and CI; the services' database is `churn`. */
export const DEFAULT_DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/churn';

const CLUSTERS_DIR = '/etc/postgresql';

export interface PostgresHandle extends InfraHandle {
  /** True when the database named in the URL did not exist and was created. */
  readonly databaseCreated: boolean;
}

/**
 * Makes sure Postgres answers at `url` (starting the machine's cluster when it is down) and that
 * the URL's database exists, so services can run their migrations against it.
 */
export async function ensurePostgres(url: string = DEFAULT_DATABASE_URL): Promise<PostgresHandle> {
  const maintenanceUrl = withDatabase(url, 'postgres');
  const server = await ensureLocalServer({
    name: 'Postgres',
    url,
    ping: () => pingPostgres(maintenanceUrl),
    startCommand: debianClusterStartCommand,
    startTimeoutMs: 30_000,
  });
  const databaseCreated = await ensureDatabase(maintenanceUrl, databaseName(url));
  return { ...server, databaseCreated };
}

export async function pingPostgres(url: string): Promise<boolean> {
  const client = new Client({ connectionString: url, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** Debian/Ubuntu packaging: one folder per major version under /etc/postgresql, cluster "main". */
async function debianClusterStartCommand(): Promise<readonly string[] | string> {
  const versions = await fs.readdir(CLUSTERS_DIR).catch(() => [] as string[]);
  const newest = versions.sort((a, b) => Number(b) - Number(a))[0];
  if (newest === undefined) return `no cluster under ${CLUSTERS_DIR}; start Postgres yourself`;
  return ['pg_ctlcluster', '--skip-systemctl-redirect', newest, 'main', 'start'];
}

async function ensureDatabase(maintenanceUrl: string, name: string): Promise<boolean> {
  const client = new Client({ connectionString: maintenanceUrl });
  await client.connect();
  try {
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (rowCount) return false;
    await client.query(`CREATE DATABASE ${client.escapeIdentifier(name)}`);
    return true;
  } finally {
    await client.end();
  }
}

function databaseName(url: string): string {
  const name = decodeURIComponent(new URL(url).pathname.slice(1));
  if (!name) throw new Error(`DATABASE_URL ${url} names no database`);
  return name;
}

function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}
