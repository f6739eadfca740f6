import type { ScoreV1 } from '@churn/contracts';
import { isNewerScore, newestPerCustomer } from './newest-per-customer';

const score = (customerId: string, stateVersion: number, computedAt: string, tag: string) =>
  ({ customerId, stateVersion, computedAt, eventId: tag }) as unknown as ScoreV1;

describe('newestPerCustomer', () => {
  it('keeps each customer’s newest score by (stateVersion, computedAt), in first-appearance order', () => {
    const batch = [
      score('a', 2, '2026-03-02T10:00:00.000Z', 'a2'),
      score('a', 3, '2026-03-01T10:00:00.000Z', 'a3-older-clock'),
      score('b', 1, '2026-03-02T10:00:00.000Z', 'b1'),
      score('a', 3, '2026-03-01T09:00:00.000Z', 'a3-earlier'),
      score('b', 1, '2026-03-02T11:00:00.000Z', 'b1-rescored'),
    ];

    expect(newestPerCustomer(batch, isNewerScore).map((s) => s.eventId)).toEqual(['a3-older-clock', 'b1-rescored']);
  });

  it('keeps the first of two equally new scores, as the database keeps the one it already holds', () => {
    const batch = [
      score('a', 1, '2026-03-02T10:00:00.000Z', 'first'),
      score('a', 1, '2026-03-02T10:00:00.000Z', 'second'),
    ];

    expect(newestPerCustomer(batch, isNewerScore).map((s) => s.eventId)).toEqual(['first']);
  });
});
