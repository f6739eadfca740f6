import { MS_PER_DAY, type PurchasePattern, seededRandom } from '@churn/domain';

const BG_NBD = { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 };

/**
 * A population of purchase patterns shaped like a retail history: 1-20 purchase days over the last
 * two years, some silent for months, a few refunds. Seeded, so every run scores the same customers.
 */
export function syntheticPatterns(count: number, today: number, seed = 11): PurchasePattern[] {
  const random = seededRandom(seed);
  const todayDay = Math.floor(today / MS_PER_DAY);
  return Array.from({ length: count }, () => {
    const purchaseDays = 1 + Math.floor(random() ** 2 * 20);
    const first = todayDay - 30 - Math.floor(random() * 700);
    const last = purchaseDays === 1 ? first : Math.min(todayDay, first + Math.floor(random() * (todayDay - first)));
    const meanOrderMinor = 1_000 + Math.floor(random() * 20_000);
    const refundCount = random() < 0.1 ? 1 : 0;
    return {
      currency: 'EUR',
      firstPurchaseDay: first,
      lastPurchaseDay: last,
      purchaseDays,
      meanOrderMinor,
      lastOrderVsAverage: purchaseDays > 1 ? random() - 0.5 : 0,
      spendTrend: purchaseDays > 1 ? random() - 0.5 : 0,
      meanIntervalDays: purchaseDays > 1 ? (last - first) / (purchaseDays - 1) : 0,
      intervalVariation: purchaseDays > 2 ? random() : 0,
      refundCount,
      grossSpendMinor: meanOrderMinor * purchaseDays,
      refundedMinor: refundCount * Math.floor(meanOrderMinor / 2),
    };
  });
}

/** A scores.v1 record carrying a pattern, as scoring publishes it (the fields churn-prediction reads). */
export function syntheticScore(
  customerId: string,
  pattern: PurchasePattern,
  now: number,
  stateVersion = 1,
): Record<string, unknown> {
  const date = (day: number): string => new Date(day * MS_PER_DAY).toISOString().slice(0, 10);
  const asOfDay = Math.floor(now / MS_PER_DAY);
  const { currency, firstPurchaseDay, lastPurchaseDay, ...rest } = pattern;
  return {
    eventId: `${customerId}-s${stateVersion}`,
    customerId,
    asOf: new Date(asOfDay * MS_PER_DAY).toISOString(),
    computedAt: new Date(now).toISOString(),
    stateVersion,
    trigger: 'event',
    currency,
    frequency: pattern.purchaseDays - 1,
    recency: (lastPurchaseDay - firstPurchaseDay) / 7,
    T: (asOfDay - firstPurchaseDay) / 7,
    monetaryMinor: pattern.purchaseDays > 1 ? Math.round(pattern.meanOrderMinor) : null,
    purchaseCount: pattern.purchaseDays,
    netSpendMinor: pattern.grossSpendMinor - pattern.refundedMinor,
    lastPurchaseAt: new Date(lastPurchaseDay * MS_PER_DAY + 43_200_000).toISOString(),
    daysSinceLastPurchase: asOfDay - lastPurchaseDay,
    rfm: { recency: 3, frequency: 3, monetary: 3, segment: 'Need Attention' },
    tier: 'basic',
    stage: 'active',
    pAlive: 0.5,
    expectedPurchases90d: 0.5,
    clvMinor: 10_000,
    parametersVersion: 'prior-v1',
    parametersSource: 'prior',
    pattern: { firstPurchaseDay: date(firstPurchaseDay), lastPurchaseDay: date(lastPurchaseDay), ...rest },
    bgNbd: BG_NBD,
    timeUnit: 'week',
  };
}

export const SYNTHETIC_BG_NBD = BG_NBD;
