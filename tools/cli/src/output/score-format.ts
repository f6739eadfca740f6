import { type CustomerScore } from '@churn/domain';

export type ScoreFormat = 'csv' | 'jsonl';

export const SCORE_CSV_HEADER = [
  'customerId',
  'asOf',
  'currency',
  'frequency',
  'recency',
  'T',
  'monetaryMinor',
  'purchaseCount',
  'netSpendMinor',
  'lastPurchaseAt',
  'daysSinceLastPurchase',
  'rfmRecency',
  'rfmFrequency',
  'rfmMonetary',
  'segment',
  'tier',
  'stage',
  'pAlive',
  'expectedPurchases90d',
  'clvMinor',
  'parametersVersion',
].join(',');

// RFC 4180: quote a field holding a separator, quote or line break; double inner quotes.
function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

// Six decimals: far below any decision threshold, and the file stays about half the size.
function decimal(value: number): string {
  return String(Number(value.toFixed(6)));
}

function nullable(value: number | null): string {
  return value === null ? '' : String(value);
}

/** One CSV line (no newline): money in integer minor units, instants as ISO 8601 UTC. */
export function scoreCsvLine(s: CustomerScore): string {
  return [
    csvField(s.customerId),
    new Date(s.asOf).toISOString(),
    s.currency ?? '',
    String(s.frequency),
    decimal(s.recency),
    decimal(s.T),
    nullable(s.monetaryMinor),
    String(s.purchaseCount),
    String(s.netSpendMinor),
    s.lastPurchaseAt === null ? '' : new Date(s.lastPurchaseAt).toISOString(),
    nullable(s.daysSinceLastPurchase),
    String(s.rfm.recency),
    String(s.rfm.frequency),
    String(s.rfm.monetary),
    s.rfm.segment,
    s.tier,
    s.stage,
    decimal(s.pAlive),
    decimal(s.expectedPurchases90d),
    String(s.clvMinor),
    csvField(s.parametersVersion),
  ].join(',');
}

/** One JSON Lines record: the domain's CustomerScore as is (instants in epoch ms). */
export function scoreJsonLine(s: CustomerScore): string {
  return JSON.stringify(s);
}
