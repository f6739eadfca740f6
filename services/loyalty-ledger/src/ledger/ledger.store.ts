import { Inject, Injectable } from '@nestjs/common';
import {
  type CustomerLedger,
  type JournalEntry,
  LEDGER_ACCOUNTS,
  type LoyaltyLedger,
  type LoyaltyPolicy,
  type PointsLot,
  customerLedger,
  foldLedger,
  nextTierReviewDueAt,
} from '@churn/domain';
import { Topics } from '@churn/contracts';
import { type OutgoingRecord, serializeValue } from '@churn/messaging';
import { schemaOf } from '@churn/persistence';
import type { EntityManager } from 'typeorm';
import { LOYALTY_POLICY } from '../tokens';
import { type EntryRow, entriesFromRows } from './journal-rows';
import { LedgerCache } from './ledger-cache';
import { type EntryWithBalance, loyaltyEventDrafts } from './loyalty-events';

/** One customer's ledger before and after a posting step. */
export interface LedgerChange {
  readonly customerId: string;
  readonly before: LoyaltyLedger;
  readonly after: LoyaltyLedger;
}

/** A persisted entry with its journal sequence number and the customer's balances right after it. */
export interface PostedEntry {
  readonly entry: JournalEntry;
  readonly seq: string;
  readonly balanceAfter: { available: number; locked: number };
}

/** A request's answer, stored under its journal key so that a retry gets it verbatim (table redemption_requests). */
export interface StoredAnswer {
  readonly requestKey: string;
  readonly customerId: string;
  readonly bodyHash: string;
  readonly statusCode: number;
  readonly body: Record<string, unknown>;
}

/** What a posting writes beside its entries: records for the outbox and request answers. */
export interface PostingOutput {
  readonly records?: readonly OutgoingRecord[];
  readonly answers?: readonly StoredAnswer[];
}

type Customers = (customerId: string) => CustomerLedger;
/** A row of lock_and_load_since: a customer's last_seq (seq null), or an entry of a journal the caller did not hold. */
type LockedRow = { customer_id: string; last_seq: string; seq: null } | (EntryRow & { last_seq: null });
type OutboxRow = { entryKey: string | null; topic: string; key: string | null; value: Buffer; headers: string };

/**
 * Reads customers' journals into the domain's ledger and writes new entries back with everything
 * derived from them (lots, balances, tier state) in the caller's transaction.
 */
@Injectable()
export class LedgerStore {
  constructor(
    @Inject(LOYALTY_POLICY) private readonly policy: LoyaltyPolicy,
    private readonly cache: LedgerCache,
  ) {}

  /**
   * Locks the customers' balance rows (creating them on first sight) in sorted order, so two
   * transactions over overlapping customers cannot deadlock, then loads their ledgers, in one
   * round trip (function lock_and_load_since). Every posting for a customer goes through here:
   * postings for one customer are serialized. A cached ledger is used only when the customer's
   * last_seq, read under the lock, is still the one it was cached with (a last_seq stands for one
   * journal: TrackLastSeq1733000000005); the journal is read and folded only for the others, and
   * cached with the last_seq read beside it for the next posting.
   */
  async lockAndLoad(manager: EntityManager, customerIds: Iterable<string>): Promise<Map<string, LoyaltyLedger>> {
    const ids = [...new Set(customerIds)].sort();
    if (ids.length === 0) return new Map();
    // Taken before the call: the ledger used must be the one whose last_seq the database compared.
    const cached = ids.map((id) => this.cache.get(id));
    const rows: LockedRow[] = await manager.query(
      `SELECT * FROM "${schemaOf(manager.connection)}".lock_and_load_since($1::text[], $2::bigint[])`,
      [ids, cached.map((hit) => hit?.lastSeq ?? null)],
    );
    const lastSeqs = new Map<string, string>();
    const entries: EntryRow[] = [];
    for (const row of rows) {
      if (row.seq === null) lastSeqs.set(row.customer_id, row.last_seq);
      else entries.push(row);
    }
    const reloaded = ledgersByCustomer(ids, entries);
    return new Map(
      ids.map((id, i): [string, LoyaltyLedger] => {
        const lastSeq = lastSeqs.get(id);
        // Only when erasure moved the row away while we waited for its lock: nothing is locked.
        if (lastSeq === undefined) throw new Error(`customer ${id}'s balance row vanished while being locked`);
        const hit = cached[i];
        if (hit?.lastSeq === lastSeq) return [id, hit.ledger];
        const ledger = reloaded.get(id)!;
        this.cache.put(id, { lastSeq, ledger });
        return [id, ledger];
      }),
    );
  }

  /** The customers' ledgers without locking (reads). */
  async load(manager: EntityManager, customerIds: readonly string[]): Promise<Map<string, LoyaltyLedger>> {
    const s = schemaOf(manager.connection);
    const rows: EntryRow[] = await manager.query(
      `SELECT e.seq, e.entry_key, e.customer_id, e.posted_at, e.details,
              (SELECT json_agg(json_build_object('account', l.account, 'points', l.points, 'lot_id', l.lot_id, 'memo', l.memo)
                               ORDER BY l.line_no)
               FROM "${s}".journal_lines l WHERE l.entry_seq = e.seq) AS lines
       FROM "${s}".journal_entries e WHERE e.customer_id = ANY($1) ORDER BY e.seq`,
      [customerIds],
    );
    return ledgersByCustomer(customerIds, rows);
  }

  async loadCustomer(manager: EntityManager, customerId: string): Promise<CustomerLedger> {
    return customerLedger((await this.load(manager, [customerId])).get(customerId)!, customerId);
  }

  /**
   * Persists the entries each change adds, what derives from them (lots, balances, tier state),
   * their loyalty.v1 events and the other records in the outbox, and request answers, in ONE
   * statement: every round trip is paid by every posting, so under load the count of statements
   * matters more than their size. A loyalty event's `eventId` (`loyalty-entry-<seq>`) and
   * `entryId` are added in SQL, from the sequence number its entry gets in the same statement.
   */
  async persist(
    manager: EntityManager,
    changes: ReadonlyArray<LedgerChange>,
    now: number,
    output: PostingOutput = {},
  ): Promise<PostedEntry[]> {
    const entries = changes.flatMap(({ before, after }) => after.entries.slice(before.entries.length));
    const answers = output.answers ?? [];
    if (entries.length === 0 && (output.records ?? []).length === 0 && answers.length === 0) return [];
    const byCustomer = new Map(changes.map((change) => [change.customerId, change]));
    const after: Customers = (id) => customerLedger(byCustomer.get(id)!.after, id);
    const before: Customers = (id) => customerLedger(byCustomer.get(id)!.before, id);
    const withBalances = withRunningBalances(before, entries);
    const outbox = outboxRows(withBalances, output.records ?? []);
    const lines = entries.flatMap((entry) => entry.lines.map((line, index) => ({ entry, line, index })));
    const lots = touchedLots(entries, after);
    const balances = [...new Set(entries.map((e) => e.customerId))].map(after);
    const tiers = [...new Set(entries.filter((e) => e.details.kind === 'tier-changed').map((e) => e.customerId))].map(
      after,
    );
    const s = schemaOf(manager.connection);
    const t = 22 + LEDGER_ACCOUNTS.length; // first tier_state parameter
    const o = t + 4; // first outbox parameter
    const a = o + 5; // first redemption_requests parameter
    const balanceParams = LEDGER_ACCOUNTS.map((_, i) => `$${i + 22}::bigint[]`).join(', ');
    const withEventId = `jsonb_build_object('eventId', 'loyalty-entry-' || e.seq)`;
    const inserted: { seq: string; entry_key: string; customer_id: string }[] = await manager.query(
      `WITH e AS (
         INSERT INTO "${s}".journal_entries (entry_key, customer_id, kind, posted_at, details)
         SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::timestamptz[], $5::jsonb[])
         RETURNING seq, entry_key, customer_id
       ), l AS (
         INSERT INTO "${s}".journal_lines (entry_seq, line_no, customer_id, account, points, lot_id, memo)
         SELECT e.seq, x.line_no, x.customer_id, x.account, x.points, x.lot_id, x.memo
         FROM unnest($6::text[], $7::int[], $8::text[], $9::text[], $10::bigint[], $11::text[], $12::text[])
           AS x(entry_key, line_no, customer_id, account, points, lot_id, memo)
         JOIN e ON e.entry_key = x.entry_key
       ), lo AS (
         INSERT INTO "${s}".lots (lot_id, customer_id, earned_at, expires_at, unlock_at, locked, available, expired)
         SELECT * FROM unnest($13::text[], $14::text[], $15::timestamptz[], $16::timestamptz[], $17::timestamptz[], $18::bigint[], $19::bigint[], $20::bigint[])
         ON CONFLICT (lot_id) DO UPDATE SET locked = EXCLUDED.locked, available = EXCLUDED.available, expired = EXCLUDED.expired
       ), b AS (
         UPDATE "${s}".customer_balances b
         SET ${LEDGER_ACCOUNTS.map((acc) => `${acc} = v.${acc}`).join(', ')}, last_seq = n.last_seq, updated_at = now()
         FROM unnest($21::text[], ${balanceParams}) AS v(customer_id, ${LEDGER_ACCOUNTS.join(', ')})
         JOIN (SELECT customer_id, max(seq) AS last_seq FROM e GROUP BY customer_id) n ON n.customer_id = v.customer_id
         WHERE b.customer_id = v.customer_id
       ), t AS (
         INSERT INTO "${s}".tier_state (customer_id, tier, tier_since, review_due_at)
         SELECT * FROM unnest($${t}::text[], $${t + 1}::text[], $${t + 2}::timestamptz[], $${t + 3}::timestamptz[])
         ON CONFLICT (customer_id) DO UPDATE
           SET tier = EXCLUDED.tier, tier_since = EXCLUDED.tier_since, review_due_at = EXCLUDED.review_due_at
       ), o AS (
         INSERT INTO "${s}".outbox (topic, key, value, headers)
         SELECT x.topic, x.key,
                CASE WHEN e.seq IS NULL THEN x.value
                     ELSE convert_to((convert_from(x.value, 'UTF8')::jsonb || ${withEventId}
                                      || jsonb_build_object('entryId', e.seq::text))::text, 'UTF8') END,
                CASE WHEN e.seq IS NULL THEN x.headers ELSE x.headers || ${withEventId} END
         FROM unnest($${o}::text[], $${o + 1}::text[], $${o + 2}::text[], $${o + 3}::bytea[], $${o + 4}::jsonb[])
           WITH ORDINALITY AS x(entry_key, topic, key, value, headers, n)
         LEFT JOIN e ON e.entry_key = x.entry_key
         ORDER BY x.n
       ), a AS (
         INSERT INTO "${s}".redemption_requests (request_id, customer_id, body_hash, status_code, response)
         SELECT * FROM unnest($${a}::text[], $${a + 1}::text[], $${a + 2}::text[], $${a + 3}::int[], $${a + 4}::jsonb[])
       )
       SELECT seq, entry_key, customer_id FROM e`,
      [
        entries.map((e) => e.key),
        entries.map((e) => e.customerId),
        entries.map((e) => e.details.kind),
        entries.map((e) => new Date(e.postedAt)),
        entries.map((e) => JSON.stringify(e.details)),
        lines.map((l) => l.entry.key),
        lines.map((l) => l.index),
        lines.map((l) => l.entry.customerId),
        lines.map((l) => l.line.account),
        lines.map((l) => l.line.points),
        lines.map((l) => l.line.lotId ?? null),
        lines.map((l) => l.line.memo ?? null),
        lots.map((l) => l.lot.lotId),
        lots.map((l) => l.customerId),
        lots.map((l) => new Date(l.lot.earnedAt)),
        lots.map((l) => new Date(l.lot.expiresAt)),
        lots.map((l) => (l.lot.unlockAt === undefined ? null : new Date(l.lot.unlockAt))),
        lots.map((l) => l.lot.locked),
        lots.map((l) => l.lot.available),
        lots.map((l) => l.lot.expired),
        balances.map((c) => c.customerId),
        ...LEDGER_ACCOUNTS.map((account) => balances.map((c) => c.balances[account])),
        tiers.map((c) => c.customerId),
        tiers.map((c) => c.tier),
        tiers.map((c) => new Date(c.tierSince!)),
        // Basic has nothing to lose: only higher tiers wait for a downgrade review.
        tiers.map((c) => (c.tier === 'basic' ? null : new Date(nextTierReviewDueAt(c.tierSince!, now, this.policy)))),
        outbox.map((r) => r.entryKey),
        outbox.map((r) => r.topic),
        outbox.map((r) => r.key),
        outbox.map((r) => r.value),
        outbox.map((r) => r.headers),
        answers.map((r) => r.requestKey),
        answers.map((r) => r.customerId),
        answers.map((r) => r.bodyHash),
        answers.map((r) => r.statusCode),
        answers.map((r) => JSON.stringify(r.body)),
      ],
    );
    this.cacheAfter(byCustomer, inserted);
    const seqByKey = new Map(inserted.map((row) => [row.entry_key, row.seq]));
    return withBalances.map((posted) => ({ ...posted, seq: seqByKey.get(posted.entry.key)! }));
  }

  /**
   * Caches each customer's ledger after the posting with the last_seq the posting statement gave
   * it, before the transaction commits. Safe even if it then rolls back: sequence values are never
   * handed out twice, so that last_seq never becomes any customer's committed one, and the next
   * lockAndLoad sees a mismatch and reloads. Customers without new entries keep what lockAndLoad
   * cached.
   */
  private cacheAfter(
    byCustomer: ReadonlyMap<string, LedgerChange>,
    inserted: readonly { seq: string; customer_id: string }[],
  ): void {
    const lastSeqs = new Map<string, string>();
    for (const { seq, customer_id: id } of inserted) {
      const last = lastSeqs.get(id);
      if (last === undefined || BigInt(seq) > BigInt(last)) lastSeqs.set(id, seq);
    }
    for (const [id, lastSeq] of lastSeqs) this.cache.put(id, { lastSeq, ledger: byCustomer.get(id)!.after });
  }

  /** Moves the next downgrade review of customers whose review found nothing to change. */
  async deferReviews(manager: EntityManager, customers: readonly CustomerLedger[], now: number): Promise<void> {
    const rows = customers.filter((c) => c.tierSince !== undefined);
    if (rows.length === 0) return;
    await manager.query(
      `UPDATE "${schemaOf(manager.connection)}".tier_state t SET review_due_at = v.due
       FROM unnest($1::text[], $2::timestamptz[]) AS v(customer_id, due) WHERE t.customer_id = v.customer_id`,
      [rows.map((c) => c.customerId), rows.map((c) => new Date(nextTierReviewDueAt(c.tierSince!, now, this.policy)))],
    );
  }
}

/**
 * One ledger per customer: customers never share an entry, and the domain's ledger copies its
 * journal on every append, so small ledgers keep a batch of thousands of postings linear.
 */
function ledgersByCustomer(customerIds: readonly string[], rows: readonly EntryRow[]): Map<string, LoyaltyLedger> {
  const byCustomer = new Map<string, EntryRow[]>(customerIds.map((id) => [id, []]));
  for (const row of rows) byCustomer.get(row.customer_id)?.push(row);
  return new Map([...byCustomer].map(([id, entries]) => [id, foldLedger(entriesFromRows(entries))]));
}

/** The lots new entries opened or moved points in, as they stand afterwards. */
function touchedLots(entries: readonly JournalEntry[], after: Customers): { customerId: string; lot: PointsLot }[] {
  const touched = new Map<string, string>();
  for (const entry of entries) {
    if ('lot' in entry.details && entry.details.lot) touched.set(entry.key, entry.customerId);
    for (const line of entry.lines) if (line.lotId !== undefined) touched.set(line.lotId, entry.customerId);
  }
  return [...touched].map(([lotId, customerId]) => ({ customerId, lot: after(customerId).lots.get(lotId)! }));
}

/** Each entry with the customer's available and locked balances right after it. */
function withRunningBalances(before: Customers, entries: readonly JournalEntry[]): EntryWithBalance[] {
  const running = new Map<string, { available: number; locked: number }>();
  return entries.map((entry) => {
    const start = before(entry.customerId).balances;
    const balance = running.get(entry.customerId) ?? { available: start.available, locked: start.locked };
    for (const line of entry.lines) {
      if (line.account === 'available') balance.available += line.points;
      if (line.account === 'locked') balance.locked += line.points;
    }
    running.set(entry.customerId, balance);
    return { entry, balanceAfter: { ...balance } };
  });
}

/** Outbox rows in publishing order: the entries' loyalty events (tied to their entry), then the other records. */
function outboxRows(entries: readonly EntryWithBalance[], records: readonly OutgoingRecord[]): OutboxRow[] {
  const events: OutboxRow[] = loyaltyEventDrafts(entries).map(({ entryKey, draft }) => ({
    entryKey,
    topic: Topics.loyalty,
    key: draft.customerId,
    value: Buffer.from(JSON.stringify(draft), 'utf8'),
    headers: '{}',
  }));
  const others = records.map((record): OutboxRow => {
    const value = serializeValue(record.value);
    return {
      entryKey: null,
      topic: record.topic,
      key: record.key,
      value: typeof value === 'string' ? Buffer.from(value, 'utf8') : value,
      headers: JSON.stringify(record.headers ?? {}),
    };
  });
  return [...events, ...others];
}
