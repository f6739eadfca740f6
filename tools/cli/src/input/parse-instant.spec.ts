import { parseInstant, utcDate } from './parse-instant';

describe('parseInstant', () => {
  it('reads a calendar date as 00:00Z of that UTC day', () => {
    expect(parseInstant('1997-01-18')).toBe(Date.UTC(1997, 0, 18));
  });

  it('applies the offset of an RFC 3339 timestamp, with or without fractions', () => {
    expect(parseInstant('2026-11-24T10:15:00+01:00')).toBe(Date.UTC(2026, 10, 24, 9, 15));
    expect(parseInstant('2026-11-24T00:30:00-05:30')).toBe(Date.UTC(2026, 10, 24, 6, 0));
    expect(parseInstant('2026-11-24t09:15:00.1234z')).toBe(Date.UTC(2026, 10, 24, 9, 15, 0, 123));
    expect(parseInstant('2026-11-24T10:15:00+01:00')).toBe(Date.parse('2026-11-24T10:15:00+01:00'));
  });

  it('refuses local times, impossible dates and out-of-range fields', () => {
    for (const text of [
      '2026-11-24T10:15:00',
      '2023-02-29',
      '2024-04-31',
      '2024-01-01T24:00:00Z',
      '2024-01-01T10:00:00+24:00',
      '24-01-01',
      ' 2024-01-01',
    ]) {
      expect(parseInstant(text)).toBeUndefined();
    }
  });

  it('names the UTC day of an instant', () => {
    expect(utcDate(Date.UTC(2024, 1, 29, 23, 59))).toBe('2024-02-29');
  });
});
