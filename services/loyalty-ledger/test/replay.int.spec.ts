import { type LoyaltyEventV1, Topics } from '@churn/contracts';
import { TopicReader, createTestNamespace, eventually } from '@churn/testing';
import { ManualClock } from './manual-clock';
import {
  type RunningLedger,
  checkBooks,
  produceTo,
  purchaseEvent,
  query,
  startLedger,
  waitCaughtUp,
  untilReady,
} from './ledger-app';

const ns = createTestNamespace('loyaltyreplay');
const start = Date.UTC(2026, 4, 4, 9);
const clock = new ManualClock(start);
const CUSTOMERS = 25;
let first: RunningLedger;
let second: RunningLedger | undefined;
let reader: TopicReader;

/** 4 purchases per customer over a month and a partial refund for every third one. */
const events = Array.from({ length: CUSTOMERS }, (_, c) =>
  Array.from({ length: 4 }, (_, k) =>
    purchaseEvent(
      `e-${c}-${k}`,
      `c-${c}`,
      1_000 + ((c * 7_919 + k * 104_729) % 90_000),
      new Date(start - (30 - k * 7) * 86_400_000),
    ),
  ),
).flat();
const refunds = events
  .filter((_, i) => i % 3 === 0)
  .map((e) =>
    purchaseEvent(
      `${e.eventId}-r`,
      e.customerId,
      Math.ceil(e.amountMinor / 3),
      new Date(Date.parse(e.occurredAt) + 3_600_000),
      'refund',
      e.orderId,
    ),
  );

/** Everything the ledger derives: balances, lots and tiers, plus the journal's size and the outbox's. */
const snapshot = async (): Promise<unknown> => ({
  balances: await query(ns, `SELECT * FROM customer_balances ORDER BY customer_id`),
  lots: await query(ns, `SELECT lot_id, locked, available, expired FROM lots ORDER BY lot_id`),
  tiers: await query(ns, `SELECT * FROM tier_state ORDER BY customer_id`),
  entries: await query(ns, `SELECT count(*) AS n, max(seq) AS last FROM journal_entries`),
  outbox: await query(ns, `SELECT count(*) AS n FROM outbox`),
});

beforeAll(async () => {
  await ns.createTopics();
  first = await startLedger(ns, {}, clock);
  reader = new TopicReader(ns.endpoints.TEST_KAFKA_BROKERS, ns.topicPrefix);
  await reader.start([Topics.loyalty]);
  await untilReady(first);
}, 90_000);

afterAll(async () => {
  await reader?.stop();
  await second?.app.close();
  await first?.app.close();
  await ns.cleanup();
});

describe('a full replay of purchases.v1', () => {
  it('leaves every balance, lot, tier and the journal unchanged, and publishes nothing', async () => {
    await produceTo(ns, Topics.purchases, events);
    await produceTo(ns, Topics.purchases, refunds);
    await waitCaughtUp(ns);
    await first.jobs.runAll();
    const before = await snapshot();
    await eventually(
      async () =>
        expect(reader.json(Topics.loyalty).length).toBe(Number((before as { outbox: { n: string }[] }).outbox[0]!.n)),
      20_000,
    );
    const published = reader.json<LoyaltyEventV1>(Topics.loyalty).length;

    // The replay must hold even after processed_events forgot the ids (retention): a second group
    // reads the topic from the beginning into the same ledger, and only the journal's own keys
    // stand between it and double-counting.
    await query(ns, `DELETE FROM processed_events`);
    second = await startLedger(ns, { CONSUMER_GROUP: 'loyalty-ledger-replay' }, clock);
    await waitCaughtUp(ns, 'loyalty-ledger-replay');
    await second.jobs.runAll();

    const [replayed] = await query<{ n: string }>(
      ns,
      `SELECT count(*) AS n FROM processed_events WHERE consumer = 'loyalty-ledger-replay'`,
    );
    expect(Number(replayed!.n)).toBe(events.length + refunds.length);
    expect(await snapshot()).toEqual(before);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(reader.json(Topics.loyalty)).toHaveLength(published);
    const balances = (before as { balances: { locked: string; available: string }[] }).balances;
    expect(balances).toHaveLength(CUSTOMERS);
    expect(balances.some((b) => Number(b.available) > 0)).toBe(true);
    expect(await checkBooks(ns)).toBe(0);
  });
});
