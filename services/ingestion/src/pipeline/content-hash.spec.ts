import { normalizePurchase } from '@churn/contracts';
import { contentHash } from './content-hash';
import type { NormalizedEvent } from './event-streams';

const normalized = (input: Record<string, unknown>, now: Date): NormalizedEvent => {
  const result = normalizePurchase(input, now);
  if (!result.ok) throw new Error('invalid fixture');
  return result.value;
};

const event = { eventId: 'e', type: 'purchase', customerId: 'c', orderId: 'o', occurredAt: '2026-01-01T10:00:00Z', amount: '10.50', currency: 'EUR' };

describe('contentHash', () => {
  it('is the same for equivalent spellings and different ingestion times', () => {
    const a = normalized(event, new Date('2026-01-02T00:00:00Z'));
    const b = normalized({ ...event, amount: '10.5', occurredAt: '2026-01-01T11:00:00+01:00' }, new Date('2026-01-05T00:00:00Z'));
    expect(contentHash(a)).toBe(contentHash(b));
  });

  it('changes when the content changes', () => {
    const now = new Date('2026-01-02T00:00:00Z');
    expect(contentHash(normalized(event, now))).not.toBe(contentHash(normalized({ ...event, amount: '10.51' }, now)));
  });
});
