import { Topics } from '@churn/contracts';
import { adjustPoints } from '@churn/domain';
import { createTestNamespace } from '@churn/testing';
import { DataSource, EntityManager } from 'typeorm';
import { LedgerCache } from '../src/ledger/ledger-cache';
import { LedgerPoster } from '../src/ledger/ledger-poster';
import { LedgerStore } from '../src/ledger/ledger.store';
import {
  type RunningLedger,
  checkBooks,
  produceTo,
  query,
  request,
  startLedger,
  waitCaughtUp,
  untilReady,
} from './ledger-app';

const ns = createTestNamespace('loyaltycache');
let ledger: RunningLedger;
let other: RunningLedger | undefined;

/** A row lock_and_load_since answered: a version row (seq null) or a journal entry. */
type LockedRow = { customer_id: string; last_seq: string | null; seq: string | null };

/** What lock_and_load_since answered to each call made while `run` ran, in the order of the calls. */
async function lockedRows(run: () => Promise<unknown>): Promise<LockedRow[][]> {
  const answers: LockedRow[][] = [];
  const original = EntityManager.prototype.query;
  const spy = jest.spyOn(EntityManager.prototype, 'query').mockImplementation(async function (
    this: EntityManager,
    sql: string,
    parameters?: unknown[],
  ) {
    const rows: unknown = await original.call(this, sql, parameters);
    if (sql.includes('lock_and_load_since')) answers.push(rows as LockedRow[]);
    return rows;
  });
  try {
    await run();
  } finally {
    spy.mockRestore();
  }
  return answers;
}

const journalRows = (answers: LockedRow[][]): LockedRow[] => answers.flat().filter((row) => row.seq !== null);

const url = (app: RunningLedger, customerId: string, action: 'adjustments' | 'redemptions'): string =>
  `${app.baseUrl}/v1/customers/${customerId}/loyalty/${action}`;
const credit = (app: RunningLedger, customerId: string, points: number, requestId: string) =>
  request('POST', url(app, customerId, 'adjustments'), { points, reason: 'goodwill', operator: 'op-1', requestId });
const redeem = (app: RunningLedger, customerId: string, points: number, requestId: string) =>
  request('POST', url(app, customerId, 'redemptions'), { points, requestId });

/** The balance row's available points and last_seq, and the customer's newest journal seq. */
const stored = async (customerId: string): Promise<{ available: string; last_seq: string; newest: string | null }> =>
  (
    await query<{ available: string; last_seq: string; newest: string | null }>(
      ns,
      `SELECT b.available, b.last_seq, (SELECT max(seq) FROM journal_entries e WHERE e.customer_id = b.customer_id)::text AS newest
       FROM customer_balances b WHERE b.customer_id = $1`,
      [customerId],
    )
  )[0]!;

beforeAll(async () => {
  await ns.createTopics();
  ledger = await startLedger(ns, { DAILY_REDEMPTION_LIMIT_POINTS: '1000000' });
  await untilReady(ledger);
}, 90_000);

afterAll(async () => {
  await other?.app.close();
  await ledger?.app.close();
  await ns.cleanup();
});

describe('the ledger cache', () => {
  it('posts on the cached ledger without reading the journal again, and the books stay right', async () => {
    expect((await credit(ledger, 'c-hit', 500, 'hit-1')).status).toBe(201);
    expect((await redeem(ledger, 'c-hit', 120, 'hit-2')).status).toBe(201);
    const answers = await lockedRows(async () => {
      expect(await redeem(ledger, 'c-hit', 80, 'hit-3')).toMatchObject({
        status: 201,
        body: { balance: { available: 300 } },
      });
    });
    // One call, answered with the customer's last_seq only: no journal row was read.
    expect(answers).toHaveLength(1);
    expect(answers[0]).toEqual([expect.objectContaining({ customer_id: 'c-hit', seq: null })]);

    const row = await stored('c-hit');
    expect(row).toEqual({ available: '300', last_seq: row.newest, newest: row.newest });
    const cached = ledger.app.get(LedgerCache).get('c-hit')!;
    expect(cached.lastSeq).toBe(row.last_seq);
    // The ledger the postings left in the cache is the one the journal folds into.
    const dataSource = ledger.app.get(DataSource);
    const folded = await ledger.app.get(LedgerStore).load(dataSource.manager, ['c-hit']);
    expect(cached.ledger).toEqual(folded.get('c-hit'));
    expect(await checkBooks(ns)).toBe(0);
  });

  it('reloads a journal another process posted to, instead of posting on its stale cached ledger', async () => {
    expect((await credit(ledger, 'c-shared', 1_000, 'shared-1')).status).toBe(201);
    other = await startLedger(ns, { CONSUMER_GROUP: 'loyalty-ledger-other' });
    // Another instance, with its own cache: the first one's cached ledger still has 1,000 available.
    expect(await redeem(other, 'c-shared', 300, 'shared-2')).toMatchObject({
      status: 201,
      body: { balance: { available: 700 } },
    });
    const answers = await lockedRows(async () => {
      expect(await redeem(ledger, 'c-shared', 800, 'shared-3')).toMatchObject({
        status: 422,
        body: { reason: 'insufficient-balance', balance: { available: 700 } },
      });
    });
    expect(journalRows(answers).map((row) => row.customer_id)).toEqual(['c-shared', 'c-shared']);
    expect(await stored('c-shared')).toMatchObject({ available: '700' });
    expect(await checkBooks(ns)).toBe(0);
  });

  it('reloads after a posting of the previous release, whose lock_and_load moves last_seq', async () => {
    expect((await credit(ledger, 'c-old', 200, 'old-1')).status).toBe(201);
    const before = await stored('c-old');
    await query(ns, `SELECT * FROM lock_and_load(ARRAY['c-old'])`);
    expect(BigInt((await stored('c-old')).last_seq)).toBeGreaterThan(BigInt(before.last_seq));
    const answers = await lockedRows(async () => {
      expect((await redeem(ledger, 'c-old', 50, 'old-2')).status).toBe(201);
    });
    expect(journalRows(answers)).toHaveLength(1);
    expect(await checkBooks(ns)).toBe(0);
  });

  it('never uses the ledger of a posting that rolled back', async () => {
    expect((await credit(ledger, 'c-undo', 100, 'undo-1')).status).toBe(201);
    const poster = ledger.app.get(LedgerPoster);
    const now = Date.now();
    await expect(
      ledger.app.get(DataSource).transaction(async (manager) => {
        await poster.post(manager, ['c-undo'], now, (current, customerId) => ({
          ledger: adjustPoints(current, {
            requestId: 'undo-2',
            customerId,
            points: 1_000,
            reason: 'goodwill',
            operator: 'op-1',
            adjustedAt: now,
          }).ledger,
          result: undefined,
        }));
        throw new Error('rolled back after posting');
      }),
    ).rejects.toThrow('rolled back after posting');
    // The cache did take the rolled-back ledger, with a last_seq no committed posting has...
    expect(ledger.app.get(LedgerCache).get('c-undo')!.ledger.entriesByKey.has('adjustment:undo-2')).toBe(true);

    // ...so the next posting reloads: 100 available, not 1,100.
    const answers = await lockedRows(async () => {
      expect(await redeem(ledger, 'c-undo', 500, 'undo-3')).toMatchObject({
        status: 422,
        body: { reason: 'insufficient-balance', balance: { available: 100 } },
      });
    });
    expect(journalRows(answers)).toHaveLength(1);
    expect(await stored('c-undo')).toMatchObject({ available: '100' });
    expect(await checkBooks(ns)).toBe(0);
  });

  it("starts an erased customer's id over from an empty journal, not from the cached ledger", async () => {
    expect((await credit(ledger, 'c-gone', 300, 'gone-1')).status).toBe(201);
    expect(ledger.app.get(LedgerCache).get('c-gone')).toBeDefined();
    await produceTo(ns, Topics.customerErasures, [
      {
        eventId: 'er-gone',
        customerId: 'c-gone',
        requestedAt: new Date().toISOString(),
        requestedBy: 'key-1',
      } as never,
    ]);
    await waitCaughtUp(ns);
    // The ledger named the customer: the process that erased them holds it no more.
    expect(ledger.app.get(LedgerCache).get('c-gone')).toBeUndefined();
    expect(await redeem(ledger, 'c-gone', 100, 'gone-2')).toMatchObject({
      status: 422,
      body: { reason: 'insufficient-balance', balance: { available: 0 } },
    });
    const [pseudonym] = await query<{ available: string; last_seq: string }>(
      ns,
      `SELECT available, last_seq FROM customer_balances WHERE customer_id = 'erased:er-gone'`,
    );
    expect(pseudonym).toMatchObject({ available: '300' });
    expect(await checkBooks(ns)).toBe(0);
  });
});
