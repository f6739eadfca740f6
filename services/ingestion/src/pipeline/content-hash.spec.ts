import { normalizeInteraction, normalizePurchase } from '@churn/contracts';
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

  it('keeps the fingerprints already stored: a changed digest would turn redeliveries into conflicts', () => {
    // Digests computed by the first release; the dedupe memory holds them for the whole window.
    const now = new Date('2026-01-02T00:00:00Z');
    const purchase = normalizePurchase({ ...event, channel: 'store', items: [{ sku: 's-1', quantity: 2, unitPrice: '5.25' }] }, now);
    const interaction = normalizeInteraction({ eventId: 'i', customerId: 'c', occurredAt: '2026-01-01T10:00:00Z', kind: 'nps', score: 9, reference: 't-1' }, now);
    if (!purchase.ok || !interaction.ok) throw new Error('invalid fixture');
    expect(contentHash(purchase.value)).toBe('33d8bd2edf3bf6b50d2c5f3d5cf07bc214ba913d02b6e36645a7cacae1121cca');
    expect(contentHash(interaction.value)).toBe('2b069250a98abc3461054f88588a2227cc3123542286672cff0363f1aa71bf2a');
  });
});
