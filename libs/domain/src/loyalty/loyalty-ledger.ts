import { utcDayIndex } from '../time/time-unit';
import { type AccountBalances, ZERO_BALANCES } from './ledger-account';
import { type JournalEntry, type JournalLine, type LotTerms, isBalancedEntry } from './journal-entry';
import type { LoyaltyTier } from './loyalty-tier';

/** Points earned together (one purchase, one review, one credit adjustment), tracked for FIFO. */
export interface PointsLot extends LotTerms {
  readonly lotId: string;
  readonly locked: number;
  readonly available: number;
  readonly expired: number;
}

/** A purchase's earning, so that refunds can reverse its points proportionally. */
export interface OrderEarning {
  readonly orderId: string;
  readonly lotId: string;
  readonly amountMinor: number;
  readonly currency: string;
  readonly points: number;
  readonly refundedMinor: number;
  readonly reversedPoints: number;
}

/** Everything the rules need about one customer, derived from that customer's entries. */
export interface CustomerLedger {
  readonly customerId: string;
  readonly balances: AccountBalances;
  /** In posting order; FIFO sorts by earnedAt. */
  readonly lots: ReadonlyMap<string, PointsLot>;
  readonly orders: ReadonlyMap<string, OrderEarning>;
  readonly purchaseCount: number;
  readonly tier: LoyaltyTier;
  /** When the current tier was reached; undefined for the initial basic tier. */
  readonly tierSince?: number;
  readonly redeemedByUtcDay: ReadonlyMap<number, number>;
  readonly entries: ReadonlyArray<JournalEntry>;
}

/**
 * The append-only ledger: the journal plus state derived from it. The state is only ever the
 * fold of `entries` through appendEntry (foldLedger rebuilds it from scratch), so persisting the
 * entries is enough to restore everything.
 */
export interface LoyaltyLedger {
  readonly entries: ReadonlyArray<JournalEntry>;
  readonly entriesByKey: ReadonlyMap<string, JournalEntry>;
  readonly customers: ReadonlyMap<string, CustomerLedger>;
}

export const EMPTY_LEDGER: LoyaltyLedger = { entries: [], entriesByKey: new Map(), customers: new Map() };

export function newCustomerLedger(customerId: string): CustomerLedger {
  return {
    customerId,
    balances: ZERO_BALANCES,
    lots: new Map(),
    orders: new Map(),
    purchaseCount: 0,
    tier: 'basic',
    redeemedByUtcDay: new Map(),
    entries: [],
  };
}

export function customerLedger(ledger: LoyaltyLedger, customerId: string): CustomerLedger {
  return ledger.customers.get(customerId) ?? newCustomerLedger(customerId);
}

function applyLineToLot(lot: PointsLot, line: JournalLine): PointsLot {
  switch (line.account) {
    case 'locked':
      return { ...lot, locked: lot.locked + line.points };
    case 'available':
      return { ...lot, available: lot.available + line.points };
    case 'expired':
      return { ...lot, expired: lot.expired + line.points };
    default:
      return lot;
  }
}

function applyLines(customer: CustomerLedger, entry: JournalEntry): Pick<CustomerLedger, 'balances' | 'lots'> {
  const balances = { ...customer.balances };
  const lots = new Map(customer.lots);
  // Earning entries open a lot named after themselves; their lines then fill it.
  if ('lot' in entry.details && entry.details.lot) {
    lots.set(entry.key, { lotId: entry.key, ...entry.details.lot, locked: 0, available: 0, expired: 0 });
  }
  for (const line of entry.lines) {
    balances[line.account] += line.points;
    if (line.lotId === undefined) continue;
    const lot = lots.get(line.lotId);
    if (!lot) throw new RangeError(`entry ${entry.key} names unknown lot ${line.lotId}`);
    lots.set(line.lotId, applyLineToLot(lot, line));
  }
  return { balances, lots };
}

function applyDetails(customer: CustomerLedger, entry: JournalEntry): Partial<CustomerLedger> {
  const details = entry.details;
  switch (details.kind) {
    case 'purchase-earned': {
      const orders = new Map(customer.orders);
      const points = entry.lines.filter((l) => l.account === 'locked').reduce((s, l) => s + l.points, 0);
      orders.set(details.orderId, {
        orderId: details.orderId,
        lotId: entry.key,
        amountMinor: details.amountMinor,
        currency: details.currency,
        points,
        refundedMinor: 0,
        reversedPoints: 0,
      });
      return { orders, purchaseCount: customer.purchaseCount + 1 };
    }
    case 'refund-reversed': {
      const order = customer.orders.get(details.orderId);
      if (!order) throw new RangeError(`refund entry ${entry.key} names unknown order ${details.orderId}`);
      const reversed = entry.lines.filter((l) => l.account === 'issued').reduce((s, l) => s + l.points, 0);
      const orders = new Map(customer.orders);
      orders.set(details.orderId, {
        ...order,
        refundedMinor: order.refundedMinor + details.refundedMinor,
        reversedPoints: order.reversedPoints + reversed,
      });
      return { orders };
    }
    case 'points-redeemed': {
      const day = utcDayIndex(entry.postedAt);
      const redeemedByUtcDay = new Map(customer.redeemedByUtcDay);
      redeemedByUtcDay.set(day, (redeemedByUtcDay.get(day) ?? 0) + details.points);
      return { redeemedByUtcDay };
    }
    case 'tier-changed':
      return { tier: details.to, tierSince: entry.postedAt };
    default:
      return {};
  }
}

/**
 * Appends one entry and derives the new state. Throws on an unbalanced entry or a reused key:
 * those are bugs in the posting code, never business outcomes (posting functions answer
 * duplicates before building an entry).
 */
export function appendEntry(ledger: LoyaltyLedger, entry: JournalEntry): LoyaltyLedger {
  if (!isBalancedEntry(entry)) throw new RangeError(`entry ${entry.key} does not balance`);
  if (ledger.entriesByKey.has(entry.key)) throw new RangeError(`entry ${entry.key} is already posted`);
  const customer = customerLedger(ledger, entry.customerId);
  const next: CustomerLedger = {
    ...customer,
    ...applyLines(customer, entry),
    ...applyDetails(customer, entry),
    entries: [...customer.entries, entry],
  };
  const customers = new Map(ledger.customers);
  customers.set(entry.customerId, next);
  const entriesByKey = new Map(ledger.entriesByKey);
  entriesByKey.set(entry.key, entry);
  return { entries: [...ledger.entries, entry], entriesByKey, customers };
}

/** Rebuilds a ledger from its journal, e.g. after loading the entries from storage. */
export function foldLedger(entries: ReadonlyArray<JournalEntry>): LoyaltyLedger {
  return entries.reduce(appendEntry, EMPTY_LEDGER);
}
