import { deadLetterRecord, decodeRecordValue, encodeOriginalPayload } from './dead-letter';

describe('encodeOriginalPayload', () => {
  it('keeps UTF-8 text verbatim', () => {
    expect(encodeOriginalPayload(Buffer.from('{"a":"é"}'))).toEqual({
      originalPayload: '{"a":"é"}',
      payloadEncoding: 'utf8',
    });
  });

  it('base64-encodes bytes that are not UTF-8, so nothing is lost', () => {
    const bytes = Buffer.from([0xff, 0xfe, 0x00, 0x41]);
    const encoded = encodeOriginalPayload(bytes);
    expect(encoded.payloadEncoding).toBe('base64');
    expect(Buffer.from(encoded.originalPayload, 'base64')).toEqual(bytes);
  });
});

describe('deadLetterRecord', () => {
  it('carries reason, payload and source coordinates, keyed like the original', () => {
    const record = deadLetterRecord({
      dlqTopic: 'purchases.dlq.v1',
      consumer: 'ingestion',
      reason: {
        code: 'invalid',
        message: 'amount: must be greater than zero',
        issues: [{ path: '/amount', message: 'must be greater than zero' }],
      },
      source: { transport: 'kafka', topic: 'purchases.raw.v1', partition: 3, offset: '42', key: 'c-1' },
      payload: Buffer.from('{"amount":"0"}'),
      key: 'c-1',
      eventId: 'e-1',
      now: new Date('2026-11-24T10:00:00Z'),
    });
    expect(record).toEqual({
      topic: 'purchases.dlq.v1',
      key: 'c-1',
      headers: { 'dlq-reason': 'invalid' },
      value: {
        reason: {
          code: 'invalid',
          message: 'amount: must be greater than zero',
          issues: [{ path: '/amount', message: 'must be greater than zero' }],
        },
        source: { transport: 'kafka', topic: 'purchases.raw.v1', partition: 3, offset: '42', key: 'c-1' },
        consumer: 'ingestion',
        eventId: 'e-1',
        originalPayload: '{"amount":"0"}',
        payloadEncoding: 'utf8',
        failedAt: '2026-11-24T10:00:00.000Z',
      },
    });
  });
});

describe('decodeRecordValue', () => {
  it('returns the parsed JSON for the caller to validate, whether or not it fits a contract', () => {
    expect(decodeRecordValue({ value: Buffer.from('{"eventId":"e-1","amount":[1,"b"]}') })).toEqual({
      ok: true,
      value: { eventId: 'e-1', amount: [1, 'b'] },
    });
    expect(decodeRecordValue({ value: Buffer.from('{"not":"an event"}') })).toEqual({
      ok: true,
      value: { not: 'an event' },
    });
  });

  it('refuses a record without a value as unparseable', () => {
    expect(decodeRecordValue({ value: null })).toEqual({
      ok: false,
      code: 'unparseable',
      reason: 'record has no value',
    });
    expect(decodeRecordValue({ value: Buffer.alloc(0) })).toEqual({
      ok: false,
      code: 'unparseable',
      reason: 'record has no value',
    });
  });

  it('refuses bytes that are not JSON, and JSON with a prototype-pollution key, as unparseable', () => {
    for (const value of ['{"eventId": ', 'not json', '{"eventId":"e","__proto__":{"isAdmin":true}}']) {
      expect(decodeRecordValue({ value: Buffer.from(value) })).toEqual({
        ok: false,
        code: 'unparseable',
        reason: expect.stringMatching(/^payload is not acceptable JSON: /),
      });
    }
    expect(decodeRecordValue({ value: Buffer.from([0xff, 0xfe, 0x00, 0x41]) })).toMatchObject({
      ok: false,
      code: 'unparseable',
    });
  });
});
