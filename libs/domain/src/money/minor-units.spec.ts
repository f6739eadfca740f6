import { assertMinorUnits, roundToMinorUnits } from './minor-units';

describe('minor units', () => {
  it('rounds half away from zero, symmetric for credits', () => {
    expect(roundToMinorUnits(2.5)).toBe(3);
    expect(roundToMinorUnits(-2.5)).toBe(-3);
    expect(roundToMinorUnits(1234.49)).toBe(1234);
    expect(Object.is(roundToMinorUnits(-0.2), 0)).toBe(true);
    expect(() => roundToMinorUnits(NaN)).toThrow(RangeError);
  });

  it('accepts only safe integers as amounts', () => {
    expect(() => assertMinorUnits(100, 'x')).not.toThrow();
    expect(() => assertMinorUnits(1.5, 'x')).toThrow(RangeError);
    expect(() => assertMinorUnits(2 ** 53, 'x')).toThrow(RangeError);
  });
});
