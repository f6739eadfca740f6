import { erasureRequest, pseudonymizeBody, replaceCustomerId } from './pseudonym';

describe('erasure pseudonyms', () => {
  const erasure = { eventId: 'er-9', customerId: 'c-42', requestedAt: '2026-11-24T09:00:00.000Z', requestedBy: 'key-1' };

  it('takes the pseudonym from the request, never from the customer id', () => {
    expect(erasureRequest(erasure)).toEqual({ eventId: 'er-9', customerId: 'c-42', pseudonym: 'erased:er-9' });
    expect(erasureRequest({ ...erasure, customerId: 'c-43' }).pseudonym).toBe('erased:er-9');
  });

  it('keeps the pseudonym within the 128-character id limit', () => {
    const pseudonym = erasureRequest({ ...erasure, eventId: 'e'.repeat(128) }).pseudonym;
    expect(pseudonym).toHaveLength(128);
    expect(pseudonym.startsWith('erased:eee')).toBe(true);
  });

  it('replaces every string equal to the id at any depth, and nothing that only contains it', () => {
    const value = { customerId: '42', alertId: 'a-421', nested: [{ who: '42' }, '42', 42, null, true], text: 'customer 42' };
    expect(replaceCustomerId(value, '42', 'erased:e')).toEqual({
      customerId: 'erased:e',
      alertId: 'a-421',
      nested: [{ who: 'erased:e' }, 'erased:e', 42, null, true],
      text: 'customer 42',
    });
  });

  it('rewrites a stored webhook body keeping its field order', () => {
    const body = JSON.stringify({ eventId: 'ev-1', alertId: 'al-1', customerId: 'c-42', type: 'opened', priority: 2.5, drivers: [] });
    expect(pseudonymizeBody(body, 'c-42', 'erased:er-9')).toBe(
      '{"eventId":"ev-1","alertId":"al-1","customerId":"erased:er-9","type":"opened","priority":2.5,"drivers":[]}',
    );
    expect(pseudonymizeBody(body, 'c-7', 'erased:er-9')).toBe(body);
  });
});
