import { type LoyaltyEventV1, Topics } from '@churn/contracts';
import { TopicReader, createTestNamespace, eventually } from '@churn/testing';
import { ManualClock } from './manual-clock';
import {
  type RunningLedger,
  checkBooks,
  produceTo,
  purchaseEvent,
  query,
  request,
  startLedger,
  waitCaughtUp,
  untilReady,
} from './ledger-app';

const ns = createTestNamespace('loyaltycampaign');
// A second ledger rebuilt from the same topics into its own schema (its topics stay empty).
const rebuild = createTestNamespace('loyaltyrebuild');
const DAY = 86_400_000;
const start = Date.UTC(2026, 10, 20, 9);
const clock = new ManualClock(start);
let ledger: RunningLedger;
let replay: RunningLedger | undefined;
let rebuilt: RunningLedger | undefined;
let reader: TopicReader;

const campaignsUrl = (): string => `${ledger.baseUrl}/v1/loyalty/campaigns`;
const balanceOf = async (customerId: string): Promise<Record<string, unknown>> =>
  (await request('GET', `${ledger.baseUrl}/v1/customers/${customerId}/loyalty`)).body;
const iso = (at: number): string => new Date(at).toISOString();

// Double points online and everywhere else, plus triple on the app, for two days starting a day after announcement.
const doubleWeekend = { campaignId: 'double-weekend', startsAt: iso(start + DAY), endsAt: iso(start + 3 * DAY) };

/** Everything the ledger derives from the events, without processing-time columns, for comparing ledgers. */
const books = async (schema: string): Promise<Record<string, unknown[]>> => ({
  balances: await query(
    ns,
    `SELECT customer_id, available, locked, recovery, issued, redeemed, expired, adjustments
       FROM customer_balances ORDER BY customer_id`,
    [],
    schema,
  ),
  lots: await query(ns, `SELECT * FROM lots ORDER BY lot_id`, [], schema),
  tiers: await query(ns, `SELECT * FROM tier_state ORDER BY customer_id`, [], schema),
  lines: await query(
    ns,
    `SELECT e.entry_key, e.kind, e.customer_id, e.posted_at, e.details, l.line_no, l.account, l.points, l.lot_id, l.memo
       FROM journal_entries e JOIN journal_lines l ON l.entry_seq = e.seq ORDER BY e.entry_key, l.line_no`,
    [],
    schema,
  ),
});

beforeAll(async () => {
  await ns.createTopics();
  await rebuild.createTopics();
  ledger = await startLedger(ns, {}, clock);
  reader = new TopicReader(ns.endpoints.TEST_KAFKA_BROKERS, ns.topicPrefix);
  await reader.start([Topics.loyalty]);
  await untilReady(ledger);
}, 90_000);

afterAll(async () => {
  await reader?.stop();
  await rebuilt?.app.close();
  await replay?.app.close();
  await ledger?.app.close();
  await rebuild.cleanup();
  await ns.cleanup();
});

describe('campaigns over HTTP', () => {
  it('refuses malformed and meaningless campaigns with 400 problem details, a reused id with 409', async () => {
    const malformed = await request('POST', campaignsUrl(), {
      ...doubleWeekend,
      multiplierPercent: '200',
      channels: ['kiosk'],
      extra: 1,
    });
    expect(malformed.status).toBe(400);
    expect(malformed.headers.get('content-type')).toContain('application/problem+json');
    expect(malformed.body['issues']).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ path: '/multiplierPercent' }),
        expect.objectContaining({ path: '/channels/0' }),
      ]),
    );

    for (const [body, problem] of [
      [{ ...doubleWeekend, startsAt: iso(start - 1), multiplierPercent: 200 }, /back-dating/],
      [{ ...doubleWeekend, endsAt: doubleWeekend.startsAt, multiplierPercent: 200 }, /endsAt must be after startsAt/],
      [{ ...doubleWeekend, multiplierPercent: 100 }, /multiplierPercent must be a whole number above 100/],
      [{ ...doubleWeekend, multiplierPercent: 20_000 }, /at most 1000/],
      [{ ...doubleWeekend, multiplierPercent: 200, channels: ['app', 'app'] }, /must not repeat/],
    ] as const) {
      const refused = await request('POST', campaignsUrl(), body);
      expect(refused).toMatchObject({ status: 400, body: { problems: [expect.stringMatching(problem)] } });
      expect(refused.headers.get('content-type')).toContain('application/problem+json');
    }

    const added = await request('POST', campaignsUrl(), { ...doubleWeekend, multiplierPercent: 200 });
    expect(added.status).toBe(201);
    expect(added.body['campaigns']).toEqual([
      {
        campaignId: 'double-weekend',
        multiplierPercent: 200,
        channels: null,
        announcedAt: iso(start),
        startsAt: iso(start + DAY),
        endsAt: iso(start + 3 * DAY),
        status: 'scheduled',
      },
    ]);
    const reused = await request('POST', campaignsUrl(), { ...doubleWeekend, multiplierPercent: 300 });
    expect(reused.status).toBe(409);
    expect(reused.headers.get('content-type')).toContain('application/problem+json');

    // Without startsAt a campaign starts when it is added.
    expect(
      (
        await request('POST', campaignsUrl(), {
          campaignId: 'partner-hour',
          endsAt: iso(start + 3_600_000),
          multiplierPercent: 150,
          channels: ['partner'],
        })
      ).status,
    ).toBe(201);
    expect(
      (
        await request('POST', campaignsUrl(), {
          ...doubleWeekend,
          campaignId: 'app-triple',
          multiplierPercent: 300,
          channels: ['app'],
        })
      ).status,
    ).toBe(201);

    const listed = await request('GET', campaignsUrl());
    expect(listed.body['active']).toEqual(['partner-hour']);
    expect((listed.body['campaigns'] as { campaignId: string; startsAt: string }[]).map((c) => c.campaignId)).toEqual([
      'partner-hour',
      'app-triple',
      'double-weekend',
    ]);
    await expect(query(ns, `DELETE FROM campaigns`)).rejects.toThrow(/never changed/);
    await expect(query(ns, `UPDATE campaigns SET multiplier_percent = 1000`)).rejects.toThrow(/never changed/);
  });
});

describe('purchases during and around a campaign', () => {
  it("adds the bonus by the purchase's own time, even when the purchase is processed after the campaign ended", async () => {
    clock.advanceDays(5); // every campaign has ended: only the events' times can put them in a window
    await produceTo(ns, Topics.purchases, [
      purchaseEvent('p-in', 'c-in', 100_00, new Date(start + 1.5 * DAY)),
      { ...purchaseEvent('p-app', 'c-app', 100_00, new Date(start + 2 * DAY)), channel: 'app' },
      purchaseEvent('p-before', 'c-before', 100_00, new Date(start + 0.5 * DAY)),
      purchaseEvent('p-end', 'c-end', 100_00, new Date(start + 3 * DAY)), // endsAt is outside: [startsAt, endsAt)
    ]);
    await waitCaughtUp(ns);

    // 100.00 EUR online: 100 base + 100 double-weekend + 100 first-purchase milestone.
    expect(await balanceOf('c-in')).toMatchObject({ locked: 300, available: 0 });
    // 100.00 EUR on the app (2 per EUR): 200 base + 200 double + 400 app-triple + 100 milestone.
    expect(await balanceOf('c-app')).toMatchObject({ locked: 900 });
    // Before the window and at its end: 100 base + 100 milestone, no bonus.
    expect(await balanceOf('c-before')).toMatchObject({ locked: 200 });
    expect(await balanceOf('c-end')).toMatchObject({ locked: 200 });

    const statement = await request('GET', `${ledger.baseUrl}/v1/customers/c-app/loyalty/statement`);
    const [entry] = statement.body['entries'] as {
      kind: string;
      lines: { account: string; points: number; memo?: string }[];
    }[];
    expect(entry!.kind).toBe('purchase-earned');
    expect(entry!.lines.filter((l) => l.account === 'issued')).toEqual([
      { account: 'issued', points: -200, memo: 'base' },
      { account: 'issued', points: -400, memo: 'campaign:app-triple' },
      { account: 'issued', points: -200, memo: 'campaign:double-weekend' },
      { account: 'issued', points: -100, memo: 'milestone:1' },
    ]);
    const locked = await reader.waitFor<LoyaltyEventV1>(Topics.loyalty, (rs) =>
      rs.some((r) => r.json.customerId === 'c-in' && r.json.type === 'locked'),
    );
    expect(locked.find((r) => r.json.customerId === 'c-in')!.json).toMatchObject({
      points: 300,
      sourceEventId: 'p-in',
    });
    expect((await request('GET', campaignsUrl())).body['active']).toEqual([]);
  });
});

describe('referrals', () => {
  it('earn the 200 behaviour points of the launch rules, available at once and only once', async () => {
    const at = iso(clock.now().getTime());
    const referral = { eventId: 'i-ref', customerId: 'c-ref', occurredAt: at, kind: 'referral', ingestedAt: at };
    await produceTo(ns, Topics.interactions, [referral, referral] as never[]);
    await waitCaughtUp(ns);
    expect(await balanceOf('c-ref')).toMatchObject({ available: 200, locked: 0 });
    const earned = await reader.waitFor<LoyaltyEventV1>(Topics.loyalty, (rs) =>
      rs.some((r) => r.json.customerId === 'c-ref'),
    );
    expect(earned.filter((r) => r.json.customerId === 'c-ref').map((r) => r.json)).toEqual([
      expect.objectContaining({ type: 'earned', points: 200, reason: 'referral', ruleVersion: 'launch-v1' }),
    ]);
  });
});

describe('replays', () => {
  it('post nothing again: a second consumer group after processed_events forgot the ids leaves the books unchanged', async () => {
    const before = {
      ...(await books(ns.dbSchema)),
      entries: await query(ns, `SELECT count(*) AS n FROM journal_entries`),
    };
    const [outbox] = await query<{ n: string }>(ns, `SELECT count(*) AS n FROM outbox`);
    await eventually(async () => expect(reader.json(Topics.loyalty)).toHaveLength(Number(outbox!.n)), 20_000);

    await query(ns, `DELETE FROM processed_events`);
    replay = await startLedger(ns, { CONSUMER_GROUP: 'loyalty-ledger-replay' }, clock);
    await waitCaughtUp(ns, 'loyalty-ledger-replay');
    const [replayed] = await query<{ n: string }>(
      ns,
      `SELECT count(*) AS n FROM processed_events WHERE consumer = 'loyalty-ledger-replay'`,
    );
    expect(Number(replayed!.n)).toBe(5); // 4 purchases + 1 referral (its duplicate shares the id)
    expect({
      ...(await books(ns.dbSchema)),
      entries: await query(ns, `SELECT count(*) AS n FROM journal_entries`),
    }).toEqual(before);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(reader.json(Topics.loyalty)).toHaveLength(Number(outbox!.n));
    expect(await checkBooks(ns)).toBe(0);
  });

  it('post the same points into a fresh ledger with the same campaigns, long after every window closed', async () => {
    // First start creates the rebuild's schema (its own topics are empty); then it gets the
    // campaign rows as they are, and a new group reads the original topics from the beginning.
    const empty = await startLedger(rebuild, {}, clock);
    await empty.app.close();
    await query(ns, `INSERT INTO "${rebuild.dbSchema}".campaigns SELECT * FROM "${ns.dbSchema}".campaigns`);
    clock.advanceDays(30);
    rebuilt = await startLedger(
      rebuild,
      { TOPIC_PREFIX: ns.topicPrefix, CONSUMER_GROUP: 'loyalty-ledger-rebuild' },
      clock,
    );
    await waitCaughtUp(ns, 'loyalty-ledger-rebuild');

    const rebuiltBooks = await books(rebuild.dbSchema);
    expect(rebuiltBooks).toEqual(await books(ns.dbSchema));
    expect(rebuiltBooks['balances']).toHaveLength(5);
  });
});
