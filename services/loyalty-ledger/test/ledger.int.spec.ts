import { AlertV1, type DeadLetterV1, LoyaltyEventV1, Topics, compileSchema } from '@churn/contracts';
import { TopicReader, createTestNamespace, produceRaw } from '@churn/testing';
import { topicName } from '@churn/contracts';
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

const ns = createTestNamespace('loyalty');
const start = Date.UTC(2026, 2, 2, 10);
const clock = new ManualClock(start);
let ledger: RunningLedger;
let reader: TopicReader;

const balanceOf = async (customerId: string): Promise<Record<string, unknown>> =>
  (await request('GET', `${ledger.baseUrl}/v1/customers/${customerId}/loyalty`)).body;
const loyaltyOf = (customerId: string): LoyaltyEventV1[] =>
  reader
    .json<LoyaltyEventV1>(Topics.loyalty)
    .filter((r) => r.key === customerId)
    .map((r) => r.json);

const alert = (eventId: string, customerId: string, level: 'high' | 'low', occurredAt: number): AlertV1 => ({
  eventId,
  alertId: `al-${eventId}`,
  customerId,
  type: 'opened',
  occurredAt: new Date(occurredAt).toISOString(),
  source: 'alerting',
  reason: 'risk-level',
  level,
  priority: 1,
  valueTier: 'gold',
  queue: 'vip-team',
  probability: 0.9,
  drivers: [],
  signals: [],
  suggestedAction: 'call',
  controlGroup: false,
});

beforeAll(async () => {
  await ns.createTopics();
  ledger = await startLedger(
    ns,
    { DAILY_REDEMPTION_LIMIT_POINTS: '300', WIN_BACK_POINTS: '75', WIN_BACK_COOLDOWN_DAYS: '30' },
    clock,
  );
  reader = new TopicReader(ns.endpoints.TEST_KAFKA_BROKERS, ns.topicPrefix);
  await reader.start([Topics.loyalty, Topics.loyaltyDlq, Topics.alerts]);
  await untilReady(ledger);
}, 90_000);

afterAll(async () => {
  await reader?.stop();
  await ledger?.app.close();
  await ns.cleanup();
});

describe('purchases.v1 through the ledger', () => {
  it("locks a purchase's points, unlocks them after the return window (clock), and redeems them", async () => {
    // 250.00 EUR online: 250 base + 100 first-purchase milestone.
    await produceTo(ns, Topics.purchases, [purchaseEvent('p-1', 'c-flow', 250_00, new Date(start))]);
    await waitCaughtUp(ns);
    expect(await balanceOf('c-flow')).toMatchObject({
      available: 0,
      locked: 350,
      tier: 'basic',
      qualifyingPoints: 350,
    });
    await reader.waitFor<LoyaltyEventV1>(Topics.loyalty, (rs) =>
      rs.some((r) => r.json.customerId === 'c-flow' && r.json.type === 'locked'),
    );

    // Before the window ends nothing moves; after it, the lot unlocks once however often the job runs.
    clock.advanceDays(6);
    expect((await ledger.jobs.runAll()).unlocked).toBe(0);
    clock.advanceDays(2);
    expect((await ledger.jobs.runAll()).unlocked).toBe(1);
    expect((await ledger.jobs.runAll()).unlocked).toBe(0);
    expect(await balanceOf('c-flow')).toMatchObject({ available: 350, locked: 0 });

    const redeemed = await request(
      'POST',
      `${ledger.baseUrl}/v1/customers/c-flow/loyalty/redemptions`,
      { points: 120 },
      { 'idempotency-key': 'r-flow-1' },
    );
    expect(redeemed.status).toBe(201);
    expect(redeemed.body).toMatchObject({ status: 'redeemed', points: 120, balance: { available: 230, locked: 0 } });
    const events = await reader.waitFor<LoyaltyEventV1>(
      Topics.loyalty,
      (rs) => rs.filter((r) => r.json.customerId === 'c-flow').length >= 3,
    );
    expect(
      events.filter((r) => r.json.customerId === 'c-flow').map((r) => [r.json.type, r.json.points, r.json.balance]),
    ).toEqual([
      ['locked', 350, { available: 0, locked: 350 }],
      ['unlocked', 350, { available: 350, locked: 0 }],
      ['redeemed', -120, { available: 230, locked: 0 }],
    ]);
  });

  it('reverses a partial refund proportionally, out of the lock first', async () => {
    await produceTo(ns, Topics.purchases, [
      purchaseEvent('p-2', 'c-refund', 400_00, new Date(start)),
      purchaseEvent('p-2r', 'c-refund', 100_00, new Date(start + 3_600_000), 'refund', 'o-p-2'),
    ]);
    await waitCaughtUp(ns);
    // 400 base + 100 milestone = 500 locked; a quarter refunded reverses 125.
    expect(await balanceOf('c-refund')).toMatchObject({ available: 0, locked: 375 });
    await reader.waitFor<LoyaltyEventV1>(Topics.loyalty, (rs) =>
      rs.some((r) => r.json.customerId === 'c-refund' && r.json.type === 'reversed'),
    );
    expect(loyaltyOf('c-refund').find((e) => e.type === 'reversed')).toMatchObject({
      points: -125,
      sourceEventId: 'p-2r',
      balance: { available: 0, locked: 375 },
    });
  });

  it('dead-letters a record that is not a valid event and goes on', async () => {
    await produceRaw(ns.endpoints.TEST_KAFKA_BROKERS, topicName(Topics.purchases, ns.topicPrefix), [
      { key: 'c-bad', value: '{"eventId":"x"}' },
      { key: 'c-good', value: JSON.stringify(purchaseEvent('p-3', 'c-good', 10_00, new Date(start))) },
    ]);
    const dead = await reader.waitFor<DeadLetterV1>(Topics.loyaltyDlq, (rs) => rs.length >= 1);
    expect(dead[0]!.json).toMatchObject({
      reason: { code: 'invalid' },
      originalPayload: '{"eventId":"x"}',
      consumer: 'loyalty-ledger',
    });
    await waitCaughtUp(ns);
    expect(await balanceOf('c-good')).toMatchObject({ locked: 110 });
  });
});

describe('behaviour points and win-back', () => {
  it('earns review points and grants win-back for an opened high-risk alert at most once per cooldown', async () => {
    const at = clock.now().getTime();
    await produceTo(ns, Topics.interactions, [
      {
        eventId: 'i-1',
        customerId: 'c-win',
        occurredAt: new Date(at).toISOString(),
        kind: 'review',
        score: 5,
        ingestedAt: new Date(at).toISOString(),
      } as never,
      {
        eventId: 'i-2',
        customerId: 'c-win',
        occurredAt: new Date(at).toISOString(),
        kind: 'login',
        ingestedAt: new Date(at).toISOString(),
      } as never,
    ]);
    await produceTo(ns, Topics.alerts, [
      alert('a-1', 'c-win', 'high', at),
      alert('a-2', 'c-win', 'high', at + 86_400_000),
      alert('a-3', 'c-win', 'low', at),
    ]);
    await waitCaughtUp(ns);
    // 50 for the review, 75 once for the win-back (the second high alert is inside the cooldown).
    expect(await balanceOf('c-win')).toMatchObject({ available: 125, locked: 0 });
    const earned = await reader.waitFor<LoyaltyEventV1>(
      Topics.loyalty,
      (rs) => rs.filter((r) => r.json.customerId === 'c-win').length >= 2,
    );
    expect(
      earned.filter((r) => r.json.customerId === 'c-win').map((r) => [r.json.type, r.json.points, r.json.reason]),
    ).toEqual([
      ['earned', 50, 'review'],
      ['earned', 75, 'win-back'],
    ]);
  });
});

describe('redemptions over HTTP', () => {
  const url = (id: string): string => `${ledger.baseUrl}/v1/customers/${id}/loyalty/redemptions`;

  it('answers a repeated request id with the first answer, and a reused one with 409', async () => {
    const first = await request('POST', url('c-flow'), { points: 30, requestId: 'r-idem' });
    const again = await request('POST', url('c-flow'), { points: 30 }, { 'idempotency-key': 'r-idem' });
    expect(first.status).toBe(201);
    expect(again).toMatchObject({ status: 201, body: first.body });
    expect(await balanceOf('c-flow')).toMatchObject({ available: 200 });
    const reused = await request('POST', url('c-flow'), { points: 31 }, { 'idempotency-key': 'r-idem' });
    expect(reused.status).toBe(409);
    expect(reused.headers.get('content-type')).toContain('application/problem+json');
    expect((await request('POST', url('c-win'), { points: 30 }, { 'idempotency-key': 'r-idem' })).status).toBe(409);
    const refused = await request('POST', url('c-win'), { points: 126 }, { 'idempotency-key': 'r-too-much' });
    expect(refused).toMatchObject({
      status: 422,
      body: { reason: 'insufficient-balance', balance: { available: 125 } },
    });
    expect((await request('POST', url('c-flow'), { points: 5 })).status).toBe(400);
  });

  it('refuses redemptions past the daily limit and raises a fraud warning on alerts.v1', async () => {
    // c-flow redeemed 150 today; the limit is 300.
    const over = await request('POST', url('c-flow'), { points: 151 }, { 'idempotency-key': 'r-fraud' });
    expect(over).toMatchObject({ status: 422, body: { reason: 'daily-redemption-limit' } });
    const alerts = await reader.waitFor<AlertV1>(Topics.alerts, (rs) =>
      rs.some((r) => r.json.source === 'loyalty-ledger'),
    );
    expect(alerts.find((r) => r.json.source === 'loyalty-ledger')!.json).toMatchObject({
      customerId: 'c-flow',
      type: 'opened',
      reason: 'redemption-limit',
      queue: 'fraud-review',
      level: 'high',
    });
    expect(await balanceOf('c-flow')).toMatchObject({ available: 200 });
  });
});

describe('adjustments, statement and rules', () => {
  it('books operator adjustments with reason and operator, and pages the statement', async () => {
    const adjustUrl = `${ledger.baseUrl}/v1/customers/c-flow/loyalty/adjustments`;
    expect(
      (
        await request(
          'POST',
          adjustUrl,
          { points: 40, reason: 'dispute #12', operator: 'op-7' },
          { 'idempotency-key': 'adj-1' },
        )
      ).status,
    ).toBe(201);
    expect(
      (await request('POST', adjustUrl, { points: 40, operator: 'op-7' }, { 'idempotency-key': 'adj-2' })).status,
    ).toBe(400);
    expect(
      (
        await request(
          'POST',
          adjustUrl,
          { points: -1_000, reason: 'x', operator: 'op-7' },
          { 'idempotency-key': 'adj-3' },
        )
      ).status,
    ).toBe(422);
    expect(await balanceOf('c-flow')).toMatchObject({ available: 240 });

    const firstPage = await request('GET', `${ledger.baseUrl}/v1/customers/c-flow/loyalty/statement?limit=3`);
    const entries = firstPage.body['entries'] as { kind: string; entryId: string; details: Record<string, unknown> }[];
    expect(entries.map((e) => e.kind)).toEqual(['command-rejected', 'points-adjusted', 'command-rejected']);
    expect(entries[1]!.details).toMatchObject({ reason: 'dispute #12', operator: 'op-7' });
    const rest = await request(
      'GET',
      `${ledger.baseUrl}/v1/customers/c-flow/loyalty/statement?cursor=${String(firstPage.body['next'])}&limit=50`,
    );
    const older = rest.body['entries'] as { entryId: string }[];
    expect(Number(older[0]!.entryId)).toBeLessThan(Number(entries[2]!.entryId));
    expect(rest.body['next']).toBeNull();
  });

  it('answers a repeated adjustment id with the first answer, and a reused one with 409', async () => {
    const adjustUrl = (id: string): string => `${ledger.baseUrl}/v1/customers/${id}/loyalty/adjustments`;
    const credit = { points: 25, reason: 'goodwill', operator: 'op-7' };
    const first = await request('POST', adjustUrl('c-adj'), credit, { 'idempotency-key': 'adj-idem' });
    expect(first).toMatchObject({ status: 201, body: { status: 'adjusted', balance: { available: 25 } } });
    const again = await request('POST', adjustUrl('c-adj'), { ...credit, requestId: 'adj-idem' });
    expect(again).toMatchObject({ status: 201, body: first.body });
    for (const [customer, body] of [
      ['c-adj', { ...credit, points: 26 }],
      ['c-adj', { ...credit, reason: 'another reason' }],
      ['c-adj', { ...credit, operator: 'op-8' }],
      ['c-win', credit],
    ] as const) {
      const reused = await request('POST', adjustUrl(customer), body, { 'idempotency-key': 'adj-idem' });
      expect(reused.status).toBe(409);
      expect(reused.headers.get('content-type')).toContain('application/problem+json');
    }
    // A refusal is an answer too: the retry still gets it after the balance would cover the debit.
    const debit = { points: -100, reason: 'correction', operator: 'op-7' };
    const refused = await request('POST', adjustUrl('c-adj'), debit, { 'idempotency-key': 'adj-debit' });
    expect(refused).toMatchObject({ status: 422, body: { reason: 'insufficient-balance' } });
    expect(
      (await request('POST', adjustUrl('c-adj'), { ...credit, points: 200 }, { 'idempotency-key': 'adj-more' })).status,
    ).toBe(201);
    const retried = await request('POST', adjustUrl('c-adj'), debit, { 'idempotency-key': 'adj-debit' });
    // (the problem's own requestId names the HTTP request, so the stored fields are compared)
    expect(retried).toMatchObject({
      status: 422,
      body: { reason: 'insufficient-balance', balance: refused.body['balance'] },
    });
    expect(refused.body['balance']).toEqual({ available: 25, locked: 0 });
    expect(await balanceOf('c-adj')).toMatchObject({ available: 225 });
  });

  it('lists rule versions and adds one only with the notice period respected', async () => {
    const listed = await request('GET', `${ledger.baseUrl}/v1/loyalty/rules`);
    expect(listed.body).toMatchObject({ active: 'launch-v1', noticePeriodDays: 30 });
    const now = clock.now().getTime();
    const version = {
      version: 'v2',
      effectiveFrom: new Date(now + 10 * 86_400_000).toISOString(),
      basePointsPerCurrencyUnit: { online: 2, store: 1, app: 2, partner: 1 },
      minorUnitsPerCurrencyUnit: { EUR: 100 },
      tierMultiplierPercent: { basic: 100, silver: 125, gold: 150, diamond: 200 },
      behaviourPoints: { review: 50, referral: 200 },
      purchaseMilestones: [],
    };
    const early = await request('POST', `${ledger.baseUrl}/v1/loyalty/rules`, version);
    expect(early.status).toBe(422);
    const added = await request('POST', `${ledger.baseUrl}/v1/loyalty/rules`, {
      ...version,
      effectiveFrom: new Date(now + 30 * 86_400_000).toISOString(),
    });
    expect(added.status).toBe(201);
    expect((added.body['versions'] as unknown[]).length).toBe(2);
    expect(added.body['active']).toBe('launch-v1');
  });
});

describe('jobs', () => {
  it('sends an expiry notice ahead, lapses lots FIFO after 12 months, and keeps the journal append-only', async () => {
    // c-refund's lot (375 locked) was earned at `start`: unlock it, then move to 20 days before it lapses.
    await ledger.jobs.unlock();
    clock.advanceDays(365 - 20 - 8);
    const notices = await ledger.jobs.notifyExpiries();
    expect(notices).toBeGreaterThanOrEqual(1);
    expect(await ledger.jobs.notifyExpiries()).toBe(0);
    expect((await balanceOf('c-refund'))['expiringSoon']).toEqual([
      { points: 375, expiresAt: new Date(Date.UTC(2027, 2, 2, 10)).toISOString() },
    ]);
    clock.advanceDays(21);
    expect(await ledger.jobs.expire()).toBeGreaterThanOrEqual(1);
    expect(await balanceOf('c-refund')).toMatchObject({ available: 0, locked: 0 });
    const events = await reader.waitFor<LoyaltyEventV1>(Topics.loyalty, (rs) =>
      rs.some((r) => r.json.customerId === 'c-refund' && r.json.type === 'expired'),
    );
    const types = events.filter((r) => r.json.customerId === 'c-refund').map((r) => r.json.type);
    expect(types.indexOf('expiry-notice')).toBeLessThan(types.indexOf('expired'));

    await expect(query(ns, `UPDATE journal_lines SET points = points + 1`)).rejects.toThrow(/append-only/);
    await expect(query(ns, `DELETE FROM journal_entries`)).rejects.toThrow(/append-only/);
  });

  it('upgrades a tier at once and downgrades it only at the review date after the grace period', async () => {
    const at = clock.now().getTime();
    // 3,000.00 EUR online under rule version v2 (added above, in force since its notice period
    // ended): 2 points per EUR, no milestones = 6,000 points >= 5,000: gold at once.
    await produceTo(ns, Topics.purchases, [purchaseEvent('p-tier', 'c-tier', 3_000_00, new Date(at))]);
    await waitCaughtUp(ns);
    expect(await balanceOf('c-tier')).toMatchObject({
      tier: 'gold',
      locked: 6_000,
      nextTier: { tier: 'diamond', threshold: 10_000, pointsNeeded: 4_000 },
    });
    await reader.waitFor<LoyaltyEventV1>(Topics.loyalty, (rs) =>
      rs.some((r) => r.json.customerId === 'c-tier' && r.json.ruleVersion === 'v2'),
    );

    clock.advanceDays(365); // the review date: the 12 months have passed, but the grace period has not
    expect(await ledger.jobs.reviewTiers()).toBe(0);
    expect(await balanceOf('c-tier')).toMatchObject({ tier: 'gold' });
    clock.advanceDays(31);
    expect(await ledger.jobs.reviewTiers()).toBe(1);
    expect(await balanceOf('c-tier')).toMatchObject({ tier: 'basic' });
    const changes = await reader.waitFor<LoyaltyEventV1>(
      Topics.loyalty,
      (rs) => rs.filter((r) => r.json.customerId === 'c-tier' && r.json.type === 'tier-changed').length >= 2,
    );
    expect(
      changes.filter((r) => r.json.customerId === 'c-tier' && r.json.type === 'tier-changed').map((r) => r.json.tier),
    ).toEqual([
      { from: 'basic', to: 'gold' },
      { from: 'gold', to: 'basic' },
    ]);
    expect(await checkBooks(ns)).toBe(0);
  });
});

describe('customer erasure', () => {
  it('replaces the customer id everywhere and keeps every entry balanced', async () => {
    const [before] = await query<{ n: string }>(
      ns,
      `SELECT count(*) AS n FROM journal_entries WHERE customer_id = 'c-win'`,
    );
    expect(Number(before!.n)).toBeGreaterThan(0);
    await produceTo(ns, Topics.customerErasures, [
      { eventId: 'er-1', customerId: 'c-win', requestedAt: clock.now().toISOString(), requestedBy: 'key-1' } as never,
    ]);
    await waitCaughtUp(ns);
    const tables = ['journal_entries', 'journal_lines', 'customer_balances', 'lots', 'redemption_requests'];
    for (const table of tables) {
      expect(await query(ns, `SELECT 1 FROM ${table} WHERE customer_id = 'c-win'`)).toEqual([]);
    }
    const [after] = await query<{ n: string }>(
      ns,
      `SELECT count(*) AS n FROM journal_entries WHERE customer_id = 'erased:er-1'`,
    );
    expect(after!.n).toBe(before!.n);
    expect(await balanceOf('c-win')).toMatchObject({ available: 0, locked: 0 });
    expect(await checkBooks(ns)).toBe(0);
  });
});

describe('contracts', () => {
  it('publishes only records that match LoyaltyEventV1 and AlertV1', () => {
    const loyalty = compileSchema(LoyaltyEventV1);
    const alerts = compileSchema(AlertV1);
    const published = reader.json(Topics.loyalty);
    expect(new Set(published.map((r) => (r.json as LoyaltyEventV1).type))).toEqual(
      new Set([
        'locked',
        'unlocked',
        'redeemed',
        'reversed',
        'earned',
        'adjusted',
        'expiry-notice',
        'expired',
        'tier-changed',
      ]),
    );
    for (const record of published) expect(loyalty(record.json)).toMatchObject({ ok: true });
    // Movements are named after their journal entry (added by the posting statement), notices after the lot's notice.
    for (const { json, headers } of published) {
      const event = json as LoyaltyEventV1;
      expect(event.eventId).toBe(event.type === 'expiry-notice' ? event.eventId : `loyalty-entry-${event.entryId}`);
      expect(headers['eventId']).toBe(event.eventId);
    }
    expect(new Set(published.map((r) => (r.json as LoyaltyEventV1).eventId)).size).toBe(published.length);
    for (const record of reader.json(Topics.alerts).filter((r) => r.json['source'] === 'loyalty-ledger')) {
      expect(alerts(record.json)).toMatchObject({ ok: true });
    }
  });
});
