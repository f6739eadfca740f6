import { Client } from 'pg';
import { createTestNamespace } from '@churn/testing';
import { type RunningLedger, checkBooks, query, request, startLedger, untilReady } from './ledger-app';

const ns = createTestNamespace('loyaltyconc');
let ledger: RunningLedger;

beforeAll(async () => {
  await ns.createTopics();
  ledger = await startLedger(ns, { DAILY_REDEMPTION_LIMIT_POINTS: '1000000' });
  await untilReady(ledger);
}, 90_000);

afterAll(async () => {
  await ledger?.app.close();
  await ns.cleanup();
});

describe('concurrent redemptions against one balance', () => {
  it('lets exactly the affordable ones succeed and never goes below zero', async () => {
    const base = `${ledger.baseUrl}/v1/customers/c-hot/loyalty`;
    expect(
      (
        await request(
          'POST',
          `${base}/adjustments`,
          { points: 1_000, reason: 'opening balance', operator: 'op-1' },
          { 'idempotency-key': 'seed' },
        )
      ).status,
    ).toBe(201);

    // 200 requests of 7 points at once: 1,000 / 7 = 142 fit (994 points), 58 must be refused.
    const answers = await Promise.all(
      Array.from({ length: 200 }, (_, i) =>
        request('POST', `${base}/redemptions`, { points: 7 }, { 'idempotency-key': `burst-${i}` }),
      ),
    );
    const statuses = answers.map((a) => a.status);
    expect(statuses.filter((s) => s === 201)).toHaveLength(142);
    expect(statuses.filter((s) => s === 422)).toHaveLength(58);
    expect(answers.filter((a) => a.status === 422).every((a) => a.body['reason'] === 'insufficient-balance')).toBe(
      true,
    );

    expect((await request('GET', base)).body).toMatchObject({ available: 6, locked: 0 });
    const [row] = await query<{ available: string; redeemed: string; lines: string }>(
      ns,
      `SELECT b.available, b.redeemed, (SELECT sum(points) FROM journal_lines WHERE customer_id = 'c-hot' AND account = 'available') AS lines
       FROM customer_balances b WHERE customer_id = 'c-hot'`,
    );
    expect(row).toEqual({ available: '6', redeemed: '994', lines: '6' });

    // Retrying the whole burst changes nothing: every request id answers as it did.
    const retried = await Promise.all(
      Array.from({ length: 200 }, (_, i) =>
        request('POST', `${base}/redemptions`, { points: 7 }, { 'idempotency-key': `burst-${i}` }),
      ),
    );
    expect(retried.map((a) => a.status)).toEqual(statuses);
    expect((await request('GET', base)).body).toMatchObject({ available: 6 });
    expect(await checkBooks(ns)).toBe(0);
  });
});

// lock_and_load_since is what postings call; lock_and_load stays for the previous release's pods.
describe.each([
  ['lock_and_load($1::text[])', 'c-new'],
  ['lock_and_load_since($1::text[], NULL)', 'c-new-since'],
])('%s on a customer another posting is creating', (call, customerId) => {
  const session = async (): Promise<Client> => {
    const client = new Client({ connectionString: ns.endpoints.TEST_DATABASE_URL });
    await client.connect();
    await client.query(`SET search_path TO "${ns.dbSchema}"`);
    await client.query('BEGIN');
    return client;
  };
  const lockAndLoad = (client: Client) => client.query(`SELECT * FROM "${ns.dbSchema}".${call}`, [[customerId]]);

  it('holds the lock once the creator commits, so a third posting waits instead of reading the same journal', async () => {
    const [creator, waiter, third] = [await session(), await session(), await session()];
    try {
      await lockAndLoad(creator); // creates the balance row, uncommitted
      const waiting = lockAndLoad(waiter); // blocks on the creator's insert
      await new Promise((resolve) => setTimeout(resolve, 200));
      await creator.query('COMMIT');
      await waiting;
      // The waiter must now hold the row: the third posting cannot get it.
      await third.query(`SET LOCAL lock_timeout = '300ms'`);
      await expect(lockAndLoad(third)).rejects.toMatchObject({ code: '55P03' });
    } finally {
      for (const client of [creator, waiter, third]) await client.end();
    }
  });
});
