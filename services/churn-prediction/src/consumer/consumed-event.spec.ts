import { consumedRecord } from '@churn/testing';
import { parseConsumedRecord, processedIdOf } from './consumed-event';

const record = (topic: string, value: unknown, offset = '7') => consumedRecord(`env.${topic}`, value, { offset });
const at = '2026-03-02T10:00:00.000Z';
const erasure = { eventId: 'er-1', customerId: 'c-1', requestedAt: at, requestedBy: 'key-1' };
const login = { eventId: 'i-1', customerId: 'c-1', occurredAt: at, kind: 'login', ingestedAt: at };

describe('parseConsumedRecord', () => {
  it('reads an erasure request and an interaction by their (prefixed) topic', () => {
    expect(parseConsumedRecord(record('customer-erasures.v1', erasure), 'env')).toMatchObject({
      ok: true,
      kind: 'erasure',
      event: erasure,
    });
    expect(parseConsumedRecord(record('interactions.v1', login), 'env')).toMatchObject({
      ok: true,
      kind: 'interaction',
      event: login,
    });
  });

  it('refuses an erasure with a missing or an extra field, and a record of a topic it does not consume', () => {
    const { customerId: _dropped, ...noCustomer } = erasure;
    expect(parseConsumedRecord(record('customer-erasures.v1', noCustomer), 'env')).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/customerId: is required/),
    });
    expect(parseConsumedRecord(record('customer-erasures.v1', { ...erasure, email: 'a@b.c' }), 'env')).toMatchObject({
      ok: false,
    });
    expect(parseConsumedRecord(record('purchases.v1', login), 'env')).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/unexpected topic purchases.v1/),
    });
  });

  it('tells a record that is not JSON (unparseable) from one that breaks its contract (invalid)', () => {
    expect(parseConsumedRecord(record('interactions.v1', '{"eventId":'), 'env')).toMatchObject({
      ok: false,
      code: 'unparseable',
      reason: expect.stringMatching(/payload is not acceptable JSON/),
    });
    expect(parseConsumedRecord({ ...record('interactions.v1', ''), value: null }, 'env')).toMatchObject({
      ok: false,
      code: 'unparseable',
      reason: 'record has no value',
    });
    const { eventId: _dropped, ...noEventId } = login;
    expect(parseConsumedRecord(record('interactions.v1', noEventId), 'env')).toMatchObject({
      ok: false,
      code: 'invalid',
      reason: expect.stringMatching(/eventId: is required/),
    });
    expect(parseConsumedRecord(record('purchases.v1', login), 'env')).toMatchObject({ ok: false, code: 'invalid' });
  });
});

describe('processedIdOf', () => {
  it('keeps an interaction under its bare eventId, namespaces an erasure, and names an invalid record by its coordinates', () => {
    expect(processedIdOf(parseConsumedRecord(record('interactions.v1', login), 'env'))).toBe('i-1');
    expect(processedIdOf(parseConsumedRecord(record('customer-erasures.v1', erasure), 'env'))).toBe(
      'customer-erasures.v1:er-1',
    );
    expect(processedIdOf(parseConsumedRecord(record('customer-erasures.v1', '{', '9'), 'env'))).toBe(
      'record:env.customer-erasures.v1/1/9',
    );
  });
});
