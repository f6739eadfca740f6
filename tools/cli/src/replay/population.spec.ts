import { normalizeInteraction, normalizePurchase } from '@churn/contracts';
import { MS_PER_DAY } from '@churn/domain';
import { simulatePopulation } from './population';

const END = Date.UTC(2026, 10, 24);
const OPTIONS = { customers: 2_000, days: 365, endAt: END, seed: 7, runId: 'sim7', currency: 'EUR' };

describe('simulatePopulation', () => {
  const events = simulatePopulation(OPTIONS);
  const purchases = events.flatMap((e) => (e.topic === 'purchases.raw.v1' ? [e.value] : []));
  const interactions = events.flatMap((e) => (e.topic === 'interactions.raw.v1' ? [e.value] : []));

  it('is the same for the same options and different for another seed', () => {
    expect(simulatePopulation(OPTIONS)).toEqual(events);
    expect(simulatePopulation({ ...OPTIONS, seed: 8 })).not.toEqual(events);
  });

  it('publishes only events ingestion accepts, with unique ids, oldest first, inside the window', () => {
    const now = new Date(END);
    for (const p of purchases) expect(normalizePurchase(p, now)).toMatchObject({ ok: true });
    for (const i of interactions) expect(normalizeInteraction(i, now)).toMatchObject({ ok: true });
    expect(new Set(events.map((e) => e.value.eventId)).size).toBe(events.length);
    for (let n = 1; n < events.length; n += 1)
      expect(events[n].occurredAt).toBeGreaterThanOrEqual(events[n - 1].occurredAt);
    expect(events[0].occurredAt).toBeGreaterThanOrEqual(END - 365 * MS_PER_DAY);
    expect(events[events.length - 1].occurredAt).toBeLessThan(END);
  });

  it('has churners: a large share of customers silent for the last quarter of the window', () => {
    const lastPurchase = new Map<string, number>();
    for (const p of purchases) if (p.type === 'purchase') lastPurchase.set(p.customerId, Date.parse(p.occurredAt));
    const silent = [...lastPurchase.values()].filter((at) => at < END - 90 * MS_PER_DAY).length;
    expect(lastPurchase.size).toBeGreaterThan(1_500);
    expect(silent / lastPurchase.size).toBeGreaterThan(0.2);
    expect(silent / lastPurchase.size).toBeLessThan(0.7);
  });

  it('refunds name an earlier purchase of the same customer and never exceed it', () => {
    const orders = new Map(purchases.filter((p) => p.type === 'purchase').map((p) => [p.orderId, p]));
    const refunds = purchases.filter((p) => p.type === 'refund');
    expect(refunds.length).toBeGreaterThan(0);
    for (const refund of refunds) {
      const order = orders.get(refund.orderId)!;
      expect(order.customerId).toBe(refund.customerId);
      expect(Date.parse(refund.occurredAt)).toBeGreaterThan(Date.parse(order.occurredAt));
      expect(Number(refund.amount)).toBeLessThanOrEqual(Number(order.amount));
    }
  });

  it('sends complaints, reviews, referrals and NPS answers as interactions', () => {
    const kinds = new Set(interactions.map((i) => i.kind));
    expect([...kinds].sort()).toEqual(['complaint', 'nps', 'referral', 'review']);
  });
});
