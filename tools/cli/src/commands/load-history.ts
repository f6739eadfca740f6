import { statSync } from 'node:fs';
import { type CustomerSummary, type TimeUnit, summarizeCustomers } from '@churn/domain';
import { CliError, ExitCode } from '../exit-codes';
import { type CliIo } from '../io';
import { readTransactions } from '../input/read-transactions';
import { utcDate } from '../input/parse-instant';
import { type Progress } from '../progress';

export interface HistoryOptions {
  readonly input: string;
  /** As-of / calibration end instant: its whole UTC day is included. */
  readonly asOf: number;
  readonly timeUnit: TimeUnit;
  readonly currency: string;
  readonly strict: boolean;
}

export interface History {
  readonly summaries: CustomerSummary[];
  readonly currency: string;
  readonly transactions: number;
  readonly badRows: number;
}

/** Enough to find and fix the rows of a broken export, without flooding a terminal. */
const MAX_LISTED_BAD_ROWS = 100;

/**
 * Reads the CSV up to the as-of day, reports bad rows on stderr, and summarises every customer.
 * The transactions are dropped once summarised, so only the summaries stay in memory.
 */
export async function loadHistory(options: HistoryOptions, io: CliIo, progress: Progress): Promise<History> {
  let size: number;
  try {
    size = statSync(options.input).size;
  } catch (error) {
    throw new CliError(`cannot read ${options.input}: ${(error as Error).message}`, ExitCode.badInput);
  }
  let badRowsListed = 0;
  progress.start('read', size);
  const read = await readTransactions({
    path: options.input,
    defaultCurrency: options.currency,
    until: options.asOf,
    onBadRow: (line, reason) => {
      if (badRowsListed < MAX_LISTED_BAD_ROWS) io.stderr.write(`${options.input}:${line}: ${reason}\n`);
      badRowsListed += 1;
    },
    onProgress: (bytes) => progress.update(bytes),
  });
  progress.stop();
  if (read.badRows > 0) {
    const unlisted = read.badRows - Math.min(read.badRows, MAX_LISTED_BAD_ROWS);
    io.stderr.write(
      `${read.badRows} of ${read.dataRows} rows skipped as malformed` +
        (unlisted > 0 ? ` (the first ${MAX_LISTED_BAD_ROWS} listed above)` : '') +
        '\n',
    );
    if (options.strict) throw new CliError('--strict: refusing input with malformed rows', ExitCode.strictFailure);
  }
  if (read.afterCutoff > 0) {
    io.stderr.write(`${read.afterCutoff} transactions after ${utcDate(options.asOf)} ignored\n`);
  }
  if (read.currencies.size > 1) {
    throw new CliError(
      `the input mixes currencies (${[...read.currencies].sort().join(', ')}): the models need one money unit; split the file by currency`,
      ExitCode.badInput,
    );
  }
  progress.note(`summarising ${read.transactions.length} transactions`);
  const summaries = summarizeCustomers(read.transactions, { asOf: options.asOf, timeUnit: options.timeUnit });
  if (summaries.length === 0) {
    throw new CliError(`no customer has a purchase on or before ${utcDate(options.asOf)}`, ExitCode.badInput);
  }
  return {
    summaries,
    currency: summaries[0].currency,
    transactions: read.transactions.length,
    badRows: read.badRows,
  };
}
