import { consumedRecord } from '@churn/testing';
import { parseConsumedRecord, processedIdOf } from './consumed-record';

const record = (topic: string, value: unknown, offset = '7') => consumedRecord(`env.${topic}`, value, { offset });
const at = '2026-03-02T10:00:00.000Z';
const purchase = {
  eventId: 'e-1',
  type: 'purchase',
  customerId: 'c-1',
  orderId: 'o-1',
  occurredAt: at,
  amountMinor: 1234,
  currency: 'EUR',
  ingestedAt: at,
};
const erasure = { eventId: 'er-1', customerId: 'c-1', requestedAt: at, requestedBy: 'key-1' };

describe('parseConsumedRecord', () => {
  it('reads a purchase and an erasure by their (prefixed) topic', () => {
    expect(parseConsumedRecord(record('purchases.v1', purchase), 'env')).toMatchObject({
      ok: true,
      kind: 'purchase',
      event: purchase,
    });
    expect(parseConsumedRecord(record('customer-erasures.v1', erasure), 'env')).toMatchObject({
      ok: true,
      kind: 'erasure',
      event: erasure,
    });
  });

  it('refuses an invalid erasure, an empty record and a record of a topic it does not consume', () => {
    const { customerId: _dropped, ...noCustomer } = erasure;
    expect(parseConsumedRecord(record('customer-erasures.v1', noCustomer), 'env')).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/customerId: is required/),
    });
    expect(parseConsumedRecord(record('customer-erasures.v1', { ...erasure, name: 'Jane' }), 'env')).toMatchObject({
      ok: false,
    });
    expect(parseConsumedRecord(record('customer-erasures.v1', null), 'env')).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/no value/),
    });
    expect(parseConsumedRecord(record('scores.v1', purchase), 'env')).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/unexpected topic scores.v1/),
    });
  });

  it('tells a record that is not JSON or has no value (unparseable) from one that breaks its contract (invalid)', () => {
    expect(parseConsumedRecord(record('purchases.v1', 'not json'), 'env')).toMatchObject({
      ok: false,
      code: 'unparseable',
      reason: expect.stringMatching(/payload is not acceptable JSON/),
    });
    expect(parseConsumedRecord(record('purchases.v1', null), 'env')).toMatchObject({
      ok: false,
      code: 'unparseable',
      reason: 'record has no value',
    });
    expect(parseConsumedRecord(record('purchases.v1', { not: 'a purchase' }), 'env')).toMatchObject({
      ok: false,
      code: 'invalid',
      reason: expect.stringMatching(/eventId: is required/),
    });
    expect(parseConsumedRecord(record('scores.v1', purchase), 'env')).toMatchObject({ ok: false, code: 'invalid' });
  });
});

describe('processedIdOf', () => {
  it('keeps a purchase under its bare eventId, namespaces an erasure, and names an invalid record by its coordinates', () => {
    expect(processedIdOf(parseConsumedRecord(record('purchases.v1', purchase), 'env'))).toBe('e-1');
    expect(processedIdOf(parseConsumedRecord(record('customer-erasures.v1', erasure), 'env'))).toBe(
      'customer-erasures.v1:er-1',
    );
    expect(processedIdOf(parseConsumedRecord(record('customer-erasures.v1', '{', '9'), 'env'))).toBe(
      'record:env.customer-erasures.v1/1/9',
    );
  });
});
