import { Command } from 'commander';
import { Client } from 'pg';
import { loadLoyaltyLedgerConfig } from './config';
import { invariantViolations } from './cli/invariant-check';

/**
 * Proves the stored ledger: for every customer, balances equal the sum of the journal's lines and
 * every entry balances. Prints one JSON line per violation and a summary; exit code 0 when sound,
 * 1 on any violation, 2 when the check itself could not run.
 *
 *   node services/loyalty-ledger/dist/check-invariants.js [--database-url URL] [--schema NAME]
 */
export async function checkInvariants(
  argv: readonly string[],
  write: (line: string) => void = (line) => process.stdout.write(`${line}\n`),
): Promise<number> {
  const config = loadLoyaltyLedgerConfig();
  const options = new Command('check-invariants')
    .option('--database-url <url>', 'Postgres URL', config.DATABASE_URL)
    .option('--schema <name>', 'the ledger schema', config.DB_SCHEMA)
    .exitOverride()
    .parse([...argv], { from: 'user' })
    .opts<{ databaseUrl: string; schema: string }>();
  const client = new Client({ connectionString: options.databaseUrl });
  try {
    await client.connect();
    // One snapshot for every query: postings committing meanwhile cannot make sound books look broken.
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    const violations = await invariantViolations(client, options.schema);
    await client.query('COMMIT');
    const [customers] = (
      await client.query<{ n: string }>(`SELECT count(*) AS n FROM "${options.schema}".customer_balances`)
    ).rows;
    for (const violation of violations) write(JSON.stringify({ violation }));
    write(
      JSON.stringify({ schema: options.schema, customers: Number(customers?.n ?? 0), violations: violations.length }),
    );
    return violations.length === 0 ? 0 : 1;
  } catch (error) {
    write(JSON.stringify({ error: String(error) }));
    return 2;
  } finally {
    await client.end().catch(() => undefined);
  }
}

if (require.main === module) {
  void checkInvariants(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
