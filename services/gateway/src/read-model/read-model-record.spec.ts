import { consumedRecord } from '@churn/testing';
import { parseReadModelRecord, processedIdOf } from './read-model-record';

const record = (topic: string, value: unknown, offset = '7') => consumedRecord(`env.${topic}`, value, { offset });

describe('parseReadModelRecord', () => {
  it('refuses a record that is not JSON or has no value as unparseable, named by its coordinates', () => {
    const notJson = parseReadModelRecord(record('scores.v1', '{"eventId":', '9'), 'env');
    expect(notJson).toMatchObject({
      ok: false,
      code: 'unparseable',
      reason: expect.stringMatching(/payload is not acceptable JSON/),
    });
    expect(processedIdOf(notJson)).toBe('record:env.scores.v1:1:9');
    expect(parseReadModelRecord(record('churn-predictions.v1', null), 'env')).toMatchObject({
      ok: false,
      code: 'unparseable',
      reason: 'record has no value',
    });
  });

  it('refuses JSON that breaks the score or prediction contract as invalid', () => {
    expect(parseReadModelRecord(record('scores.v1', { not: 'a score' }), 'env')).toMatchObject({
      ok: false,
      code: 'invalid',
      reason: expect.stringMatching(/eventId: is required/),
    });
    expect(parseReadModelRecord(record('churn-predictions.v1', { customerId: 'c-1' }), 'env')).toMatchObject({
      ok: false,
      code: 'invalid',
      reason: expect.stringMatching(/eventId: is required/),
    });
  });
});
