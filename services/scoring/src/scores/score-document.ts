import type { ScoreV1 } from '@churn/contracts';
import type { CustomerScore } from '@churn/domain';

export interface ScoreStamp {
  eventId: string;
  computedAt: Date;
  stateVersion: number;
  trigger: ScoreV1['trigger'];
}

/** The published (and cached) form of a domain score: instants as ISO strings, plus its ordering stamp. */
export function toScoreV1(score: CustomerScore, stamp: ScoreStamp): ScoreV1 {
  return {
    eventId: stamp.eventId,
    customerId: score.customerId,
    asOf: new Date(score.asOf).toISOString(),
    computedAt: stamp.computedAt.toISOString(),
    stateVersion: stamp.stateVersion,
    trigger: stamp.trigger,
    currency: score.currency,
    frequency: score.frequency,
    recency: score.recency,
    T: score.T,
    monetaryMinor: score.monetaryMinor,
    purchaseCount: score.purchaseCount,
    netSpendMinor: score.netSpendMinor,
    lastPurchaseAt: score.lastPurchaseAt === null ? null : new Date(score.lastPurchaseAt).toISOString(),
    daysSinceLastPurchase: score.daysSinceLastPurchase,
    rfm: { ...score.rfm },
    tier: score.tier,
    stage: score.stage,
    pAlive: score.pAlive,
    expectedPurchases90d: score.expectedPurchases90d,
    clvMinor: score.clvMinor,
    parametersVersion: score.parametersVersion,
    parametersSource: score.parametersSource,
  };
}

