import { LEDGER_ACCOUNTS, type LedgerAccount } from './ledger-account';
import { isBalancedEntry } from './journal-entry';
import type { CustomerLedger, LoyaltyLedger, PointsLot } from './loyalty-ledger';

/** One customer's journal, summed line by line. */
interface JournalSums {
  readonly accounts: Map<LedgerAccount, number>;
  readonly lots: Map<string, Map<LedgerAccount, number>>;
}

function add<K>(sums: Map<K, number>, key: K, points: number): void {
  sums.set(key, (sums.get(key) ?? 0) + points);
}

/** Sums every line straight from the journal, independently of the derived state. */
function sumJournal(ledger: LoyaltyLedger): Map<string, JournalSums> {
  const byCustomer = new Map<string, JournalSums>();
  for (const entry of ledger.entries) {
    let sums = byCustomer.get(entry.customerId);
    if (!sums) byCustomer.set(entry.customerId, (sums = { accounts: new Map(), lots: new Map() }));
    for (const line of entry.lines) {
      add(sums.accounts, line.account, line.points);
      if (line.lotId === undefined) continue;
      let lot = sums.lots.get(line.lotId);
      if (!lot) sums.lots.set(line.lotId, (lot = new Map()));
      add(lot, line.account, line.points);
    }
  }
  return byCustomer;
}

function signViolations(customer: CustomerLedger): string[] {
  const id = customer.customerId;
  const { available, locked, recovery } = customer.balances;
  const violations: string[] = [];
  if (available < 0) violations.push(`${id}: available is ${available}`);
  if (locked < 0) violations.push(`${id}: locked is ${locked}`);
  if (recovery > 0) violations.push(`${id}: recovery is ${recovery} (it only holds debts)`);
  if (recovery < 0 && available !== 0) violations.push(`${id}: in recovery (${recovery}) with ${available} available`);
  let lotsAvailable = 0;
  let lotsLocked = 0;
  for (const lot of customer.lots.values()) {
    if (lot.available < 0 || lot.locked < 0 || lot.expired < 0) violations.push(`${id}: lot ${lot.lotId} is negative`);
    lotsAvailable += lot.available;
    lotsLocked += lot.locked;
  }
  if (lotsAvailable !== available)
    violations.push(`${id}: lots hold ${lotsAvailable} available, the account ${available}`);
  if (lotsLocked !== locked) violations.push(`${id}: lots hold ${lotsLocked} locked, the account ${locked}`);
  return violations;
}

function foldViolations(customer: CustomerLedger, sums: JournalSums | undefined): string[] {
  const id = customer.customerId;
  const violations: string[] = [];
  for (const account of LEDGER_ACCOUNTS) {
    const fromJournal = sums?.accounts.get(account) ?? 0;
    if (customer.balances[account] !== fromJournal) {
      violations.push(`${id}: ${account} is ${customer.balances[account]}, its entries sum to ${fromJournal}`);
    }
  }
  const total = LEDGER_ACCOUNTS.reduce((sum, account) => sum + customer.balances[account], 0);
  if (total !== 0) violations.push(`${id}: accounts sum to ${total}, not 0`);
  const lotFields: ReadonlyArray<[LedgerAccount, (lot: PointsLot) => number]> = [
    ['locked', (lot) => lot.locked],
    ['available', (lot) => lot.available],
    ['expired', (lot) => lot.expired],
  ];
  for (const lot of customer.lots.values()) {
    const fromJournal = sums?.lots.get(lot.lotId);
    for (const [account, field] of lotFields) {
      if (field(lot) !== (fromJournal?.get(account) ?? 0))
        violations.push(`${id}: lot ${lot.lotId} ${account} differs from its entries`);
    }
  }
  for (const lotId of sums?.lots.keys() ?? []) {
    if (!customer.lots.has(lotId)) violations.push(`${id}: entries name lot ${lotId}, which was never earned`);
  }
  return violations;
}

/**
 * Every way the ledger could be wrong, as messages (empty when sound): unbalanced or repeated
 * entries; derived balances (per customer, account and lot) that differ from the sum of the
 * journal's lines; balances of the wrong sign (available and locked never below zero; a negative
 * net balance only as a recovery debt, with nothing available beside it).
 */
export function ledgerInvariantViolations(ledger: LoyaltyLedger): string[] {
  const violations: string[] = [];
  const keys = new Set<string>();
  for (const entry of ledger.entries) {
    if (!isBalancedEntry(entry)) violations.push(`entry ${entry.key} does not balance`);
    if (keys.has(entry.key)) violations.push(`entry ${entry.key} is posted twice`);
    keys.add(entry.key);
  }
  const journal = sumJournal(ledger);
  for (const customerId of journal.keys()) {
    if (!ledger.customers.has(customerId)) violations.push(`${customerId}: has entries but no balances`);
  }
  for (const [customerId, customer] of ledger.customers) {
    violations.push(...foldViolations(customer, journal.get(customerId)), ...signViolations(customer));
  }
  return violations;
}

/** Net points the customer holds to spend: below zero only in the recovery state. */
export function netAvailablePoints(customer: CustomerLedger): number {
  return customer.balances.available + customer.balances.recovery;
}
