import { createTestNamespace } from '@churn/testing';
import { checkInvariants } from '../src/check-invariants';
import { type RunningLedger, query, request, startLedger, untilReady } from './ledger-app';

const ns = createTestNamespace('loyaltyinv');
let ledger: RunningLedger;

const run = async (): Promise<{ code: number; lines: Record<string, unknown>[] }> => {
  const lines: Record<string, unknown>[] = [];
  const code = await checkInvariants(
    ['--database-url', ns.endpoints.TEST_DATABASE_URL, '--schema', ns.dbSchema],
    (line) => lines.push(JSON.parse(line) as Record<string, unknown>),
  );
  return { code, lines };
};

beforeAll(async () => {
  await ns.createTopics();
  ledger = await startLedger(ns);
  await untilReady(ledger);
}, 90_000);

afterAll(async () => {
  await ledger?.app.close();
  await ns.cleanup();
});

describe('check-invariants', () => {
  it('passes on sound books and exits non-zero naming the customer when a balance drifts from its lines', async () => {
    const base = (id: string): string => `${ledger.baseUrl}/v1/customers/${id}/loyalty`;
    await request(
      'POST',
      `${base('c-1')}/adjustments`,
      { points: 500, reason: 'goodwill', operator: 'op' },
      { 'idempotency-key': 'a-1' },
    );
    await request(
      'POST',
      `${base('c-2')}/adjustments`,
      { points: 80, reason: 'goodwill', operator: 'op' },
      { 'idempotency-key': 'a-2' },
    );
    await request('POST', `${base('c-1')}/redemptions`, { points: 120 }, { 'idempotency-key': 'r-1' });

    const sound = await run();
    expect(sound.code).toBe(0);
    expect(sound.lines).toEqual([{ schema: ns.dbSchema, customers: 2, violations: 0 }]);

    // Drift a derived row (the journal itself refuses changes): the check must notice.
    await query(
      ns,
      `UPDATE customer_balances SET available = available + 1, redeemed = redeemed - 1 WHERE customer_id = 'c-1'`,
    );
    const drifted = await run();
    expect(drifted.code).toBe(1);
    expect(drifted.lines).toContainEqual({ violation: 'c-1: available is 381, its lines sum to 380' });
    expect(drifted.lines).toContainEqual({ violation: 'c-1: redeemed is 119, its lines sum to 120' });
    expect(drifted.lines.at(-1)).toMatchObject({ violations: 2 });
  });
});
