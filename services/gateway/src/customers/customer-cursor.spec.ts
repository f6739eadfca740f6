import { ProblemException } from '@churn/http';
import { decodeCursor, encodeCursor } from './customer-cursor';

describe('customer list cursors', () => {
  it('round-trips a numeric and a string position', () => {
    expect(decodeCursor(encodeCursor({ value: 12_345, id: 'c-7' }))).toEqual({ value: 12_345, id: 'c-7' });
    expect(decodeCursor(encodeCursor({ value: 'c-9', id: 'c-9' }))).toEqual({ value: 'c-9', id: 'c-9' });
  });

  it.each(['garbage', Buffer.from('{"value":1}').toString('base64url'), Buffer.from('[1,2]').toString('base64url'), ''])('refuses %j with a 400', (cursor) => {
    expect(() => decodeCursor(cursor)).toThrow(ProblemException);
    try {
      decodeCursor(cursor);
    } catch (error) {
      expect((error as ProblemException).problemDetails).toMatchObject({ status: 400, detail: 'cursor is not one this API returned' });
    }
  });
});
