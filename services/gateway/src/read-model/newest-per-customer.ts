import type { ChurnPredictionV1, ScoreV1 } from '@churn/contracts';

/**
 * The newest event of each customer in a batch, in the order customers first appear. The read
 * model keeps only the newest anyway, and one upsert statement may not touch a row twice.
 */
export function newestPerCustomer<T extends { customerId: string }>(
  events: readonly T[],
  isNewer: (candidate: T, current: T) => boolean,
): T[] {
  const newest = new Map<string, T>();
  for (const event of events) {
    const current = newest.get(event.customerId);
    if (current === undefined || isNewer(event, current)) newest.set(event.customerId, event);
  }
  return [...newest.values()];
}

/** Scores order by (stateVersion, computedAt), as on scores.v1: a re-score of the same history is newer. */
export const isNewerScore = (candidate: ScoreV1, current: ScoreV1): boolean =>
  candidate.stateVersion !== current.stateVersion
    ? candidate.stateVersion > current.stateVersion
    : Date.parse(candidate.computedAt) > Date.parse(current.computedAt);

export const isNewerPrediction = (candidate: ChurnPredictionV1, current: ChurnPredictionV1): boolean =>
  Date.parse(candidate.predictedAt) > Date.parse(current.predictedAt);
