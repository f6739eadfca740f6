import { addDays, addUtcMonths } from './utc-calendar';

describe('addUtcMonths', () => {
  it('keeps the day and time of day when the target month has it', () => {
    expect(addUtcMonths(Date.UTC(2025, 2, 15, 10, 30), 12)).toBe(Date.UTC(2026, 2, 15, 10, 30));
    expect(addUtcMonths(Date.UTC(2025, 10, 5), 3)).toBe(Date.UTC(2026, 1, 5));
  });

  it('clamps to the end of a shorter month instead of spilling over', () => {
    expect(addUtcMonths(Date.UTC(2025, 0, 31, 8), 1)).toBe(Date.UTC(2025, 1, 28, 8));
    expect(addUtcMonths(Date.UTC(2024, 1, 29), 12)).toBe(Date.UTC(2025, 1, 28));
  });

  it('goes back in time for negative months', () => {
    expect(addUtcMonths(Date.UTC(2026, 0, 10), -12)).toBe(Date.UTC(2025, 0, 10));
    expect(addUtcMonths(Date.UTC(2026, 2, 31), -1)).toBe(Date.UTC(2026, 1, 28));
  });
});

describe('addDays', () => {
  it('adds whole UTC days', () => {
    expect(addDays(Date.UTC(2025, 0, 1), 7)).toBe(Date.UTC(2025, 0, 8));
  });
});
