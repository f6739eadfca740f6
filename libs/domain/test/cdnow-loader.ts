import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { type Transaction } from '../src';

/**
 * The CDNOW sample in the shared datasets (see its README for the published values), which sit
 * beside the repository checkout (../shared); CDNOW_SAMPLE_PATH points elsewhere.
 */
export const CDNOW_SAMPLE_PATH =
  process.env['CDNOW_SAMPLE_PATH'] ?? resolve(__dirname, '..', '..', '..', '..', 'shared', 'datasets', 'cdnow', 'cdnow_sample.csv');

/** The standard calibration end, 1997-09-30 (its whole day included). */
export const CDNOW_CALIBRATION_END = Date.UTC(1997, 8, 30);

/** "29.33" -> 2933, by string arithmetic so that no float rounding touches the money. */
export function parseDecimalToMinor(text: string, fractionDigits = 2): number {
  const match = /^(-?)(\d+)(?:\.(\d+))?$/.exec(text.trim());
  if (match === null) throw new Error(`not a decimal amount: ${text}`);
  const fraction = (match[3] ?? '').padEnd(fractionDigits, '0');
  if (fraction.length > fractionDigits) throw new Error(`more than ${fractionDigits} decimals: ${text}`);
  const minor = Number(match[2]) * 10 ** fractionDigits + Number(fraction);
  return match[1] === '-' ? -minor : minor;
}

/** "1997-01-18" -> epoch ms of that UTC midnight. */
export function parseIsoDate(text: string): number {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text.trim());
  if (match === null) throw new Error(`not an ISO date: ${text}`);
  return Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]));
}

/** Parses customerId,occurredAt,amount,currency CSV text into purchase transactions. */
export function parseTransactionsCsv(text: string): Transaction[] {
  const lines = text.split(/\r?\n/).filter((line) => line.trim() !== '');
  const header = lines[0].split(',');
  const column = (name: string): number => {
    const index = header.indexOf(name);
    if (index < 0) throw new Error(`missing column ${name}`);
    return index;
  };
  const id = column('customerId');
  const at = column('occurredAt');
  const amount = column('amount');
  const currency = column('currency');
  return lines.slice(1).map((line) => {
    const cells = line.split(',');
    return {
      customerId: cells[id],
      occurredAt: parseIsoDate(cells[at]),
      amountMinor: parseDecimalToMinor(cells[amount]),
      currency: cells[currency],
      type: 'purchase' as const,
    };
  });
}

export function loadCdnowTransactions(path = CDNOW_SAMPLE_PATH): Transaction[] {
  return parseTransactionsCsv(readFileSync(path, 'utf8'));
}
