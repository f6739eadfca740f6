import { currencyMinorDigits } from '@churn/contracts';
import { type Transaction, type TransactionType } from '@churn/domain';
import { CliError, ExitCode } from '../exit-codes';
import { parseAmount } from './parse-amount';
import { parseInstant } from './parse-instant';

/** Column positions from the header row; optional columns are undefined when absent. */
export interface Columns {
  readonly count: number;
  readonly customerId: number;
  readonly occurredAt: number;
  readonly amount: number;
  readonly currency: number | undefined;
  readonly type: number | undefined;
  readonly orderId: number | undefined;
}

const REQUIRED = ['customerId', 'occurredAt', 'amount'] as const;

export function columnsFromHeader(header: readonly string[]): Columns {
  const index = (name: string): number | undefined => {
    const i = header.indexOf(name);
    return i < 0 ? undefined : i;
  };
  const missing = REQUIRED.filter((name) => index(name) === undefined);
  if (missing.length > 0) {
    throw new CliError(
      `the header must name the columns customerId,occurredAt,amount (missing: ${missing.join(', ')}); got ${header.join(',')}`,
      ExitCode.badInput,
    );
  }
  return {
    count: header.length,
    customerId: header.indexOf('customerId'),
    occurredAt: header.indexOf('occurredAt'),
    amount: header.indexOf('amount'),
    currency: index('currency'),
    type: index('type'),
    orderId: index('orderId'),
  };
}

/** A converted row, or why it was refused. */
export type RowResult = Transaction | string;

/**
 * Turns CSV records into domain transactions. Customer ids and currencies are interned: a log
 * repeats each id about ten times and the parser allocates a new string every time, so sharing
 * one copy keeps a million transactions lean.
 */
export class RowConverter {
  private readonly ids = new Map<string, string>();
  private readonly currencies = new Map<string, string>();
  private readonly digits = new Map<string, number | undefined>();

  constructor(
    private readonly columns: Columns,
    private readonly defaultCurrency: string,
  ) {}

  convert(record: readonly string[]): RowResult {
    const c = this.columns;
    const rawId = record[c.customerId];
    if (rawId === '') return 'customerId is empty';
    const occurredAt = parseInstant(record[c.occurredAt]);
    if (occurredAt === undefined) {
      return `occurredAt "${record[c.occurredAt]}" is neither YYYY-MM-DD nor RFC 3339 with an offset`;
    }
    const cell = c.currency === undefined ? '' : record[c.currency];
    const currency = this.intern(this.currencies, cell === '' ? this.defaultCurrency : cell);
    const digits = this.minorDigits(currency);
    if (digits === undefined) return `currency "${currency}" is not an ISO 4217 currency`;
    const amount = parseAmount(record[c.amount], digits);
    if (!amount.ok) return amount.reason;
    const type = c.type === undefined || record[c.type] === '' ? 'purchase' : record[c.type];
    if (type !== 'purchase' && type !== 'refund') return `type "${type}" is neither purchase nor refund`;
    const orderId = c.orderId === undefined || record[c.orderId] === '' ? undefined : record[c.orderId];
    const customerId = this.intern(this.ids, rawId);
    // Two literal shapes rather than a spread: a million objects of one hidden class each.
    const tx: Transaction =
      orderId === undefined
        ? { customerId, occurredAt, amountMinor: amount.minor, currency, type: type satisfies TransactionType }
        : { customerId, occurredAt, amountMinor: amount.minor, currency, type, orderId };
    return tx;
  }

  private minorDigits(currency: string): number | undefined {
    if (!this.digits.has(currency)) this.digits.set(currency, currencyMinorDigits(currency));
    return this.digits.get(currency);
  }

  private intern(table: Map<string, string>, value: string): string {
    const known = table.get(value);
    if (known !== undefined) return known;
    table.set(value, value);
    return value;
  }
}
