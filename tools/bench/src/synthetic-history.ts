import { closeSync, existsSync, mkdirSync, openSync, renameSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import { seededRandom } from '@churn/domain';

/**
 * A seeded, realistic purchase history for the CLI benchmark: customers join over the first year
 * of a two-year window, each with their own rhythm (heavy and light buyers, mean gap from days to
 * months), spend level and lifetime; about 60% stop buying for good at some point (churners),
 * some return goods (refunds naming the order), and times come as calendar dates or RFC 3339 with
 * assorted offsets, as real exports mix them.
 */
export interface HistoryOptions {
  readonly customers: number;
  readonly transactions: number;
  readonly seed: number;
  /** First day of the window (UTC midnight, epoch ms). */
  readonly start: number;
  readonly days: number;
}

export const DEFAULT_HISTORY: HistoryOptions = {
  customers: 100_000,
  transactions: 1_000_000,
  seed: 20261124,
  start: Date.UTC(2023, 0, 1),
  days: 731,
};

const MS_PER_DAY = 86_400_000;
const OFFSETS: ReadonlyArray<[string, number]> = [
  ['Z', 0],
  ['+01:00', 60],
  ['+02:00', 120],
  ['-05:00', -300],
  ['+08:00', 480],
  ['+05:30', 330],
];
const REFUND_SHARE = 0.03;
const CHURNER_SHARE = 0.6;

/** Log-normal with the given median and spread: rhythms and spend levels vary over decades. */
function logNormal(random: () => number, median: number, sigma: number): number {
  const u = 1 - random();
  return median * Math.exp(sigma * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random()));
}

interface Events {
  customer: Int32Array;
  at: Float64Array;
  amountMinor: Int32Array;
  /** Row index of the purchase a refund returns, -1 for purchases. */
  refundOf: Int32Array;
  count: number;
}

/** One pass of the story; `rateScale` stretches every rhythm to hit the transaction target. */
function simulate(options: HistoryOptions, rateScale: number, capacity: number): Events {
  const random = seededRandom(options.seed);
  const events: Events = {
    customer: new Int32Array(capacity),
    at: new Float64Array(capacity),
    amountMinor: new Int32Array(capacity),
    refundOf: new Int32Array(capacity),
    count: 0,
  };
  const push = (customer: number, day: number, amountMinor: number, refundOf: number): number => {
    if (events.count === capacity) return -1;
    const i = events.count++;
    events.customer[i] = customer;
    events.at[i] = options.start + day * MS_PER_DAY + Math.floor(random() * MS_PER_DAY);
    events.amountMinor[i] = amountMinor;
    events.refundOf[i] = refundOf;
    return i;
  };
  for (let c = 0; c < options.customers; c++) {
    const meanGapDays = logNormal(random, 45, 0.9) / rateScale;
    const spendMedian = logNormal(random, 4_000, 0.7);
    const lifetimeDays = random() < CHURNER_SHARE ? -Math.log(1 - random()) * 200 : Infinity;
    const first = Math.floor(random() * 365);
    const end = Math.min(options.days, first + lifetimeDays);
    for (let day = first; day < end; day += -Math.log(1 - random()) * meanGapDays) {
      const amount = Math.max(100, Math.round(logNormal(random, spendMedian, 0.4)));
      const purchase = push(c, Math.floor(day), amount, -1);
      if (purchase >= 0 && random() < REFUND_SHARE) {
        const refundDay = Math.min(options.days - 1, Math.floor(day) + 1 + Math.floor(random() * 14));
        // Half return the whole order, the rest part of it.
        push(c, refundDay, random() < 0.5 ? amount : Math.max(1, Math.round(amount * random())), purchase);
      }
    }
  }
  return events;
}

function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}

function formatAmount(minor: number): string {
  return `${Math.floor(minor / 100)}.${pad(minor % 100, 2)}`;
}

/** Customers keep one time format: a date-only export, or timestamps at one of the offsets. */
function formatTime(at: number, customer: number): string {
  const style = customer % (OFFSETS.length + 2);
  if (style >= OFFSETS.length) return new Date(at).toISOString().slice(0, 10);
  const [suffix, minutes] = OFFSETS[style];
  return new Date(at + minutes * 60_000).toISOString().slice(0, 19) + suffix;
}

/**
 * Writes the history as CSV (customerId,occurredAt,amount,currency,type,orderId) in time order,
 * exactly `transactions` rows, unless the file already exists. Returns the path.
 */
export function ensureSyntheticHistory(path: string, options: HistoryOptions = DEFAULT_HISTORY): string {
  if (existsSync(path)) return path;
  // Rhythms are rescaled until the story yields the target or up to 0.3% more; the few latest
  // rows beyond the target are then cut, so the window still ends about at its last day.
  const capacity = options.transactions * 4;
  let scale = 1;
  let events = simulate(options, scale, capacity);
  for (
    let pass = 0;
    pass < 8 && !(events.count >= options.transactions && events.count <= options.transactions * 1.003);
    pass++
  ) {
    scale *= (options.transactions * 1.0015) / events.count;
    events = simulate(options, scale, capacity);
  }
  const order = Uint32Array.from({ length: events.count }, (_, i) => i).sort((a, b) => events.at[a] - events.at[b]);
  mkdirSync(dirname(path), { recursive: true });
  const partial = `${path}.partial`;
  const fd = openSync(partial, 'w');
  let chunk = 'customerId,occurredAt,amount,currency,type,orderId\n';
  for (let k = 0; k < Math.min(options.transactions, events.count); k++) {
    const i = order[k];
    const refund = events.refundOf[i] >= 0;
    chunk +=
      `cust-${pad(events.customer[i], 6)},${formatTime(events.at[i], events.customer[i])},` +
      `${formatAmount(events.amountMinor[i])},EUR,${refund ? 'refund' : 'purchase'},o${refund ? events.refundOf[i] : i}\n`;
    if (chunk.length > 1 << 20) {
      writeSync(fd, chunk);
      chunk = '';
    }
  }
  writeSync(fd, chunk);
  closeSync(fd);
  renameSync(partial, path);
  return path;
}
