import { parseJsonPayload } from './json-payload';
import { normalizePurchase } from './purchase-normalizer';
import { describeIssues } from './result';

const now = new Date('2026-11-24T10:00:00Z');
const base = {
  eventId: 'evt-1',
  type: 'purchase',
  customerId: 'c-42',
  orderId: 'o-1',
  occurredAt: '2026-11-24T11:30:00+02:00',
  amount: '129.90',
  currency: 'EUR',
};

function reasonFor(input: unknown): string {
  const result = normalizePurchase(input, now);
  if (result.ok) throw new Error('expected a rejection');
  return describeIssues(result.issues);
}

describe('normalizePurchase', () => {
  it('normalizes money to minor units and time to UTC', () => {
    const result = normalizePurchase({ ...base, channel: 'app', items: [{ sku: 's1', quantity: 2, unitPrice: '64.95' }] }, now);
    expect(result).toEqual({
      ok: true,
      value: {
        ...base,
        amount: undefined,
        occurredAt: '2026-11-24T09:30:00.000Z',
        amountMinor: 12990,
        channel: 'app',
        items: [{ sku: 's1', quantity: 2, unitPriceMinor: 6495 }],
        ingestedAt: now.toISOString(),
      },
    });
    expect(result.ok && 'amount' in result.value).toBe(false);
  });

  it.each<[string, unknown, RegExp]>([
    ['a non-object', [1, 2], /event must be a JSON object/],
    ['null', null, /event must be a JSON object/],
    ['a missing field', { ...base, customerId: undefined }, /customerId: is required/],
    ['an empty id', { ...base, eventId: '' }, /eventId: must be 1-128 characters/],
    ['a number for the amount', { ...base, amount: 129.9 }, /amount: must be a positive decimal string/],
    ['a wrong type', { ...base, items: [{ sku: 's', quantity: '2', unitPrice: '1.00' }] }, /items.0.quantity: must be integer/],
    ['a wrong type for an id', { ...base, customerId: 42 }, /customerId: must be 1-128 characters/],
    ['a negative amount', { ...base, amount: '-5.00' }, /amount: must be a positive decimal/],
    ['a zero amount', { ...base, amount: '0.00' }, /amount: must be greater than zero/],
    ['NaN', { ...base, amount: 'NaN' }, /amount: must be a positive decimal/],
    ['Infinity', { ...base, amount: 'Infinity' }, /amount: must be a positive decimal/],
    ['exponent notation', { ...base, amount: '1e5' }, /amount: must be a positive decimal/],
    ['too many decimals', { ...base, amount: '1.999' }, /amount: has 3 decimals but EUR allows at most 2/],
    ['an absurd amount', { ...base, amount: '1000000000000.00' }, /amount: must be below 10\^12/],
    ['an unknown currency', { ...base, currency: 'ABC' }, /currency: unknown currency "ABC"/],
    ['a lowercase currency', { ...base, currency: 'eur' }, /currency: must be an ISO 4217 currency code/],
    ['an invalid timestamp', { ...base, occurredAt: '2026-13-45T99:00:00Z' }, /occurredAt: must be an RFC 3339 timestamp/],
    ['a timestamp without offset', { ...base, occurredAt: '2026-11-24T10:00:00' }, /occurredAt: must be an RFC 3339 timestamp/],
    ['a timestamp > 24 h ahead', { ...base, occurredAt: '2026-11-25T10:00:01Z' }, /occurredAt: is more than 24 h in the future/],
    ['a timestamp before 1990', { ...base, occurredAt: '1989-12-31T23:59:59Z' }, /occurredAt: is before 1990/],
    ['an unknown type', { ...base, type: 'gift' }, /type: must be "purchase" or "refund"/],
    ['an unknown channel', { ...base, channel: 'fax' }, /channel: must be one of online/],
    ['an id over 128 chars', { ...base, customerId: 'x'.repeat(129) }, /customerId: must be 1-128 characters/],
    ['an id with control characters', { ...base, orderId: 'o\u0000-1' }, /orderId: must be 1-128 characters without control/],
    ['an unknown field (e.g. personal data)', { ...base, email: 'a@b.c' }, /email: is not a field of this contract/],
    ['a constructor key', { ...base, constructor: { x: 1 } }, /constructor: is not a field of this contract/],
    ['a bad item price', { ...base, items: [{ sku: 's', quantity: 1, unitPrice: '1.001' }] }, /items.0.unitPrice: has 3 decimals/],
    ['a zero item quantity', { ...base, items: [{ sku: 's', quantity: 0, unitPrice: '1.00' }] }, /items.0.quantity: must be >= 1/],
  ])('rejects %s with a clear reason', (_label, input, reason) => {
    expect(reasonFor(input)).toMatch(reason);
  });

  it('reports every issue at once, not only the first', () => {
    const reason = reasonFor({ ...base, amount: '-1', currency: 'eur', eventId: '' });
    expect(reason).toMatch(/amount/);
    expect(reason).toMatch(/currency/);
    expect(reason).toMatch(/eventId/);
  });
});

describe('parseJsonPayload', () => {
  it('refuses __proto__ keys', () => {
    const result = parseJsonPayload('{"eventId":"e","__proto__":{"isAdmin":true}}');
    expect(result.ok).toBe(false);
    expect(!result.ok && result.issues[0]?.message).toMatch(/forbidden prototype property/);
  });

  it('explains malformed JSON', () => {
    const result = parseJsonPayload('{"eventId": ');
    expect(!result.ok && result.issues[0]?.message).toMatch(/not acceptable JSON/);
  });

  it('parses plain JSON', () => {
    expect(parseJsonPayload('{"a":[1,"b"]}')).toEqual({ ok: true, value: { a: [1, 'b'] } });
  });
});
