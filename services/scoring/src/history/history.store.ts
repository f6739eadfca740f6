import { Injectable } from '@nestjs/common';
import type { PurchaseV1 } from '@churn/contracts';
import type { Transaction } from '@churn/domain';
import { schemaOf } from '@churn/persistence';
import { DataSource, type EntityManager } from 'typeorm';

export interface CustomerState {
  customerId: string;
  currency: string;
  stateVersion: number;
}

interface TransactionRow {
  customer_id: string;
  type: 'purchase' | 'refund';
  order_id: string;
  occurred_at: Date;
  amount_minor: string;
  currency: string;
}

/** Reads and writes the customers and transactions tables; every write runs in the caller's transaction. */
@Injectable()
export class HistoryStore {
  private readonly customers: string;
  private readonly transactions: string;

  constructor(dataSource: DataSource) {
    const schema = schemaOf(dataSource);
    this.customers = `"${schema}".customers`;
    this.transactions = `"${schema}".transactions`;
  }

  /**
   * The stored state of the customers that exist, row-locked until the transaction ends:
   * 'update' while applying events, 'share' while re-scoring, so a re-score never computes from a
   * history an event transaction is changing, and re-scores do not block one another.
   */
  lockCustomers(manager: EntityManager, customerIds: readonly string[], mode: 'update' | 'share'): Promise<Map<string, CustomerState>> {
    return this.states(manager, customerIds, mode === 'update' ? 'FOR UPDATE' : 'FOR SHARE');
  }

  /**
   * The stored state of the customers that exist, without locks: for reads that write nothing, in
   * a read-only snapshot (row locks are not allowed there, and nothing needs ordering against them).
   */
  readCustomers(manager: EntityManager, customerIds: readonly string[]): Promise<Map<string, CustomerState>> {
    return this.states(manager, customerIds, '');
  }

  private async states(manager: EntityManager, customerIds: readonly string[], lock: 'FOR UPDATE' | 'FOR SHARE' | ''): Promise<Map<string, CustomerState>> {
    if (customerIds.length === 0) return new Map();
    // Sorted, so two transactions lock overlapping customers in the same order (no deadlock).
    const rows: { customer_id: string; currency: string; state_version: string }[] = await manager.query(
      `SELECT customer_id, currency, state_version FROM ${this.customers}
       WHERE customer_id = ANY($1::text[]) ORDER BY customer_id ${lock}`,
      [[...new Set(customerIds)].sort()],
    );
    return new Map(rows.map((row) => [row.customer_id, { customerId: row.customer_id, currency: row.currency, stateVersion: Number(row.state_version) }]));
  }

  /** Stores the events and moves each customer to a new state version; returns the new states. */
  async append(manager: EntityManager, byCustomer: ReadonlyMap<string, readonly PurchaseV1[]>): Promise<CustomerState[]> {
    if (byCustomer.size === 0) return [];
    const events = [...byCustomer.values()].flat();
    await manager.query(
      `INSERT INTO ${this.transactions} (customer_id, event_id, type, order_id, occurred_at, amount_minor, currency)
       SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::timestamptz[], $6::bigint[], $7::text[])
       ON CONFLICT DO NOTHING`,
      [
        events.map((e) => e.customerId),
        events.map((e) => e.eventId),
        events.map((e) => e.type),
        events.map((e) => e.orderId),
        events.map((e) => e.occurredAt),
        events.map((e) => e.amountMinor),
        events.map((e) => e.currency),
      ],
    );
    const customers = [...byCustomer.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    const rows: { customer_id: string; currency: string; state_version: string }[] = await manager.query(
      `INSERT INTO ${this.customers} AS c (customer_id, currency, state_version, last_purchase_at)
       SELECT customer_id, currency, 1, last_purchase_at FROM unnest($1::text[], $2::text[], $3::timestamptz[]) AS t(customer_id, currency, last_purchase_at)
       ON CONFLICT (customer_id) DO UPDATE SET
         state_version = c.state_version + 1,
         last_purchase_at = GREATEST(c.last_purchase_at, EXCLUDED.last_purchase_at),
         updated_at = now()
       RETURNING customer_id, currency, state_version`,
      [customers.map(([id]) => id), customers.map(([, es]) => es[0]!.currency), customers.map(([, es]) => lastPurchaseAt(es))],
    );
    return rows.map((row) => ({ customerId: row.customer_id, currency: row.currency, stateVersion: Number(row.state_version) }));
  }

  /** Every stored transaction of these customers, in the domain's form. */
  async transactionsOf(manager: EntityManager, customerIds: readonly string[]): Promise<Map<string, Transaction[]>> {
    const byCustomer = new Map<string, Transaction[]>(customerIds.map((id) => [id, []]));
    if (customerIds.length === 0) return byCustomer;
    const rows: TransactionRow[] = await manager.query(
      `SELECT customer_id, type, order_id, occurred_at, amount_minor, currency FROM ${this.transactions}
       WHERE customer_id = ANY($1::text[]) ORDER BY customer_id, occurred_at, event_id`,
      [customerIds],
    );
    for (const row of rows) byCustomer.get(row.customer_id)?.push(toTransaction(row));
    return byCustomer;
  }

  /**
   * The next `limit` stored transactions after the cursor in primary-key order (an index range
   * scan however large the table): how churn-prediction reads the history it retrains on.
   */
  async transactionPage(manager: EntityManager, after: TransactionCursor | undefined, limit: number): Promise<ExportedTransaction[]> {
    const rows: (TransactionRow & { event_id: string })[] = await manager.query(
      `SELECT customer_id, event_id, type, order_id, occurred_at, amount_minor, currency FROM ${this.transactions}
       WHERE ($1::text IS NULL OR (customer_id, event_id) > ($1::text, $2::text))
       ORDER BY customer_id, event_id LIMIT $3`,
      [after?.customerId ?? null, after?.eventId ?? null, limit],
    );
    return rows.map((row) => ({
      customerId: row.customer_id,
      eventId: row.event_id,
      type: row.type,
      orderId: row.order_id,
      occurredAt: row.occurred_at.toISOString(),
      amountMinor: Number(row.amount_minor),
      currency: row.currency,
    }));
  }

  /**
   * The next page of customer ids after `afterId` (keyset order), optionally only those without a
   * purchase since `silentSince`: how refits and bulk re-scores walk the population in batches.
   */
  async customerPage(manager: EntityManager, afterId: string, limit: number, silentSince?: Date): Promise<string[]> {
    const rows: { customer_id: string }[] = await manager.query(
      `SELECT customer_id FROM ${this.customers}
       WHERE customer_id > $1 AND ($3::timestamptz IS NULL OR last_purchase_at IS NULL OR last_purchase_at < $3)
       ORDER BY customer_id LIMIT $2`,
      [afterId, limit, silentSince ?? null],
    );
    return rows.map((row) => row.customer_id);
  }
}

/** One stored purchase or refund as the export route pages it. */
export interface ExportedTransaction {
  customerId: string;
  eventId: string;
  type: 'purchase' | 'refund';
  orderId: string;
  occurredAt: string;
  amountMinor: number;
  currency: string;
}

/** Position in the (customer_id, event_id) primary-key order. */
export interface TransactionCursor {
  customerId: string;
  eventId: string;
}

function lastPurchaseAt(events: readonly PurchaseV1[]): string | null {
  const purchases = events.filter((e) => e.type === 'purchase').map((e) => e.occurredAt);
  return purchases.length === 0 ? null : purchases.reduce((a, b) => (Date.parse(a) >= Date.parse(b) ? a : b));
}

function toTransaction(row: TransactionRow): Transaction {
  return {
    customerId: row.customer_id,
    occurredAt: row.occurred_at.getTime(),
    amountMinor: Number(row.amount_minor),
    currency: row.currency,
    type: row.type,
    orderId: row.order_id,
  };
}
