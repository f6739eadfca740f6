import { CustomerErasureV1, Topics } from '@churn/contracts';
import { consumedRecord } from '@churn/testing';
import { deadLetterOf, processedIdOf, recordParser } from './consumed-record';

const record = (value: unknown, offset = '7') => consumedRecord('env.customer-erasures.v1', value, { offset });
const erasure = { eventId: 'er-1', customerId: 'c-1', requestedAt: '2026-03-02T10:00:00.000Z', requestedBy: 'key-1' };
const parseErasure = recordParser(CustomerErasureV1);
const now = new Date('2026-03-02T11:00:00Z');

describe('recordParser', () => {
  it('reads a record of its contract, under its eventId', () => {
    const parsed = parseErasure(record(erasure));
    expect(parsed).toMatchObject({ ok: true, event: erasure });
    expect(processedIdOf(parsed)).toBe('er-1');
  });

  it('refuses a record that is not JSON or has no value as unparseable, named by its coordinates', () => {
    const notJson = parseErasure(record('{"eventId":', '9'));
    expect(notJson).toMatchObject({
      ok: false,
      code: 'unparseable',
      reason: expect.stringMatching(/payload is not acceptable JSON/),
    });
    expect(processedIdOf(notJson)).toBe('record:env.customer-erasures.v1/1/9');
    expect(parseErasure(record(null))).toMatchObject({ ok: false, code: 'unparseable', reason: 'record has no value' });
  });

  it('refuses JSON that breaks the contract as invalid, naming the offending field', () => {
    const { eventId: _dropped, ...noEventId } = erasure;
    expect(parseErasure(record(noEventId))).toMatchObject({
      ok: false,
      code: 'invalid',
      reason: expect.stringMatching(/eventId: is required/),
    });
  });
});

describe('deadLetterOf', () => {
  it('dead-letters with the code of the refusal: unparseable for bytes that are not JSON, invalid for a contract failure', () => {
    const notJson = parseErasure(record('not json'));
    if (notJson.ok) throw new Error('expected a refusal');
    expect(deadLetterOf(notJson, 'alerting', now)).toMatchObject({
      topic: Topics.alertingDlq,
      key: 'c-1',
      headers: { 'dlq-reason': 'unparseable' },
      value: {
        reason: { code: 'unparseable', message: expect.stringMatching(/payload is not acceptable JSON/) },
        consumer: 'alerting',
        originalPayload: 'not json',
      },
    });
    const invalid = parseErasure(record({ customerId: 'junk' }));
    if (invalid.ok) throw new Error('expected a refusal');
    expect(deadLetterOf(invalid, 'alerting', now)).toMatchObject({
      headers: { 'dlq-reason': 'invalid' },
      value: { reason: { code: 'invalid', message: expect.stringMatching(/eventId: is required/) } },
    });
  });
});
