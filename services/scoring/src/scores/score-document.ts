import type { PurchasePatternV1, ScoreV1 } from '@churn/contracts';
import { type CustomerScore, MS_PER_DAY, type PurchasePattern, type ScoringParameters } from '@churn/domain';

export interface ScoreStamp {
  eventId: string;
  computedAt: Date;
  stateVersion: number;
  trigger: ScoreV1['trigger'];
}

/** What churn-prediction needs to compute its features as training does: the pattern and the BG/NBD parameters. */
export interface ScoreBasis {
  pattern: PurchasePattern;
  params: Pick<ScoringParameters, 'bgNbd' | 'timeUnit'>;
}

const utcDate = (day: number): string => new Date(day * MS_PER_DAY).toISOString().slice(0, 10);

function toPatternV1(pattern: PurchasePattern): PurchasePatternV1 {
  const { currency: _sameAsTheScore, firstPurchaseDay, lastPurchaseDay, ...rest } = pattern;
  return { firstPurchaseDay: utcDate(firstPurchaseDay), lastPurchaseDay: utcDate(lastPurchaseDay), ...rest };
}

/** The published (and cached) form of a domain score: instants as ISO strings, plus its ordering stamp and basis. */
export function toScoreV1(score: CustomerScore, stamp: ScoreStamp, basis: ScoreBasis): ScoreV1 {
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
    pattern: toPatternV1(basis.pattern),
    bgNbd: { ...basis.params.bgNbd },
    timeUnit: basis.params.timeUnit,
  };
}

