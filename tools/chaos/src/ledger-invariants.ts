import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';

const CHECK = path.join(__dirname, '..', '..', '..', 'services', 'loyalty-ledger', 'dist', 'check-invariants.js');

/** loyalty-ledger's own `check-invariants` over a schema: the violations it prints, none when the books are sound. */
export async function ledgerViolations(databaseUrl: string, schema: string): Promise<string[]> {
  try {
    await promisify(execFile)(process.execPath, [CHECK, '--database-url', databaseUrl, '--schema', schema]);
    return [];
  } catch (error) {
    const { stdout = '', message } = error as Error & { stdout?: string };
    return [`check-invariants failed: ${message}`, ...stdout.trim().split('\n')];
  }
}
