import { createReadStream } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import { type Options, parse } from 'csv-parse';
import { type Transaction, utcDayIndex } from '@churn/domain';
import { CliError, ExitCode } from '../exit-codes';
import { RowConverter, columnsFromHeader } from './row-converter';

export interface ReadOptions {
  readonly path: string;
  /** Currency of rows without a currency column or cell. */
  readonly defaultCurrency: string;
  /** Rows after this instant's UTC day are counted but not kept (the models never see them). */
  readonly until: number;
  /** Called once per refused row, in line order, with its 1-based line number (header = 1). */
  readonly onBadRow: (line: number, reason: string) => void;
  /** Called now and then with the bytes read so far. */
  readonly onProgress?: (bytesRead: number) => void;
}

export interface ReadResult {
  /** Transactions up to the cut-off day. */
  readonly transactions: Transaction[];
  readonly dataRows: number;
  readonly badRows: number;
  readonly afterCutoff: number;
  /** Currencies of the kept transactions. */
  readonly currencies: ReadonlySet<string>;
}

interface BadRow {
  line: number;
  reason: string;
}

const PROGRESS_EVERY_ROWS = 20_000;

// Rows whose field count differs from the header's, or with broken quotes, are skipped by the
// parser and reported through its 'skip' event, which carries their line number.
const PARSE_OPTIONS: Options = { bom: true, skip_empty_lines: true, skip_records_with_error: true };

/**
 * Line numbers of records by their position among the records the parser emits. Asking the parser
 * for each record's line (its `info` option) costs more than a third of the whole read, and only
 * files with bad rows need any, so they get a second pass instead.
 */
async function linesOfRecords(path: string, ordinals: readonly number[]): Promise<number[]> {
  const wanted = new Map(ordinals.map((ordinal, i) => [ordinal, i]));
  const lines = new Array<number>(ordinals.length).fill(0);
  const last = Math.max(...ordinals);
  let ordinal = -1;
  const parser = parse({ ...PARSE_OPTIONS, info: true });
  parser.on('skip', () => undefined);
  try {
    await pipeline(createReadStream(path), parser, async (records: AsyncIterable<{ info: { lines: number } }>) => {
      for await (const { info } of records) {
        ordinal += 1;
        const index = wanted.get(ordinal);
        if (index !== undefined) lines[index] = info.lines;
        if (ordinal === last) break;
      }
    });
  } catch (error) {
    // Leaving the loop early aborts the pipeline: expected once the last wanted record is seen.
    if (ordinal < last) throw error;
  }
  return lines;
}

/**
 * Streams a transaction CSV (header customerId,occurredAt,amount[,currency][,type][,orderId], any
 * order, extra columns ignored) into domain transactions. Malformed rows (wrong column count,
 * broken quotes, bad date, amount, currency or type) are reported and skipped; a missing
 * required column rejects the whole file with a CliError.
 */
export async function readTransactions(options: ReadOptions): Promise<ReadResult> {
  const lastDay = utcDayIndex(options.until);
  const transactions: Transaction[] = [];
  const currencies = new Set<string>();
  const skipped: BadRow[] = [];
  const refused: Array<{ ordinal: number; reason: string }> = [];
  let converter: RowConverter | undefined;
  let ordinal = -1;
  let afterCutoff = 0;

  const source = createReadStream(options.path);
  const parser = parse(PARSE_OPTIONS);
  parser.on('skip', (error: Error & { lines?: number }) =>
    skipped.push({ line: error.lines ?? 0, reason: error.message }),
  );
  let headerError: unknown;
  const sink = async (records: AsyncIterable<string[]>): Promise<void> => {
    for await (const record of records) {
      ordinal += 1;
      if (converter === undefined) {
        try {
          converter = new RowConverter(columnsFromHeader(record), options.defaultCurrency);
        } catch (error) {
          headerError = error;
          throw error;
        }
        continue;
      }
      const result = converter.convert(record);
      if (typeof result === 'string') refused.push({ ordinal, reason: result });
      else if (utcDayIndex(result.occurredAt) > lastDay) afterCutoff += 1;
      else {
        transactions.push(result);
        currencies.add(result.currency);
      }
      if (options.onProgress !== undefined && ordinal % PROGRESS_EVERY_ROWS === 0) options.onProgress(source.bytesRead);
    }
  };
  try {
    await pipeline(source, parser, sink);
  } catch (error) {
    // Throwing in the sink aborts the pipeline, which then rejects with an AbortError instead.
    throw headerError ?? error;
  }
  options.onProgress?.(source.bytesRead);
  if (converter === undefined) throw new CliError(`${options.path} is empty: expected a header row`, ExitCode.badInput);

  const dataRows = ordinal + skipped.length;
  const bad = [...skipped];
  if (refused.length > 0) {
    const lines = await linesOfRecords(
      options.path,
      refused.map((r) => r.ordinal),
    );
    refused.forEach((r, i) => bad.push({ line: lines[i], reason: r.reason }));
  }
  bad.sort((a, b) => a.line - b.line);
  for (const row of bad) options.onBadRow(row.line, row.reason);
  return { transactions, dataRows, badRows: bad.length, afterCutoff, currencies };
}
