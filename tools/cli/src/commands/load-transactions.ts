import { statSync } from 'node:fs';
import { type Transaction } from '@churn/domain';
import { CliError, ExitCode } from '../exit-codes';
import { type CliIo } from '../io';
import { readTransactions } from '../input/read-transactions';
import { utcDate } from '../input/parse-instant';

export interface TransactionOptions {
  readonly input: string;
  /** Rows after this instant's UTC day are ignored. */
  readonly until: number;
  readonly currency: string;
  readonly strict: boolean;
  /** The models need one currency; a replay to the platform does not (default true). */
  readonly singleCurrency?: boolean;
}

/** As in load-history: enough to find the rows of a broken export without flooding a terminal. */
const MAX_LISTED_BAD_ROWS = 100;

/**
 * Reads the raw transactions up to a day (the churn commands need each customer's purchase days and
 * what happened after the as-of day, not only the summaries load-history keeps). Same bad-row and
 * currency rules as load-history.
 */
export async function loadTransactions(options: TransactionOptions, io: CliIo): Promise<Transaction[]> {
  try {
    statSync(options.input);
  } catch (error) {
    throw new CliError(`cannot read ${options.input}: ${(error as Error).message}`, ExitCode.badInput);
  }
  let listed = 0;
  const read = await readTransactions({
    path: options.input,
    defaultCurrency: options.currency,
    until: options.until,
    onBadRow: (line, reason) => {
      if (listed < MAX_LISTED_BAD_ROWS) io.stderr.write(`${options.input}:${line}: ${reason}\n`);
      listed += 1;
    },
  });
  if (read.badRows > 0) {
    io.stderr.write(`${read.badRows} of ${read.dataRows} rows skipped as malformed\n`);
    if (options.strict) throw new CliError('--strict: refusing input with malformed rows', ExitCode.strictFailure);
  }
  if (read.afterCutoff > 0)
    io.stderr.write(`${read.afterCutoff} transactions after ${utcDate(options.until)} ignored\n`);
  if (options.singleCurrency !== false && read.currencies.size > 1) {
    throw new CliError(
      `the input mixes currencies (${[...read.currencies].sort().join(', ')}): split the file by currency`,
      ExitCode.badInput,
    );
  }
  if (read.transactions.length === 0) {
    throw new CliError(`no transaction on or before ${utcDate(options.until)}`, ExitCode.badInput);
  }
  return read.transactions;
}
