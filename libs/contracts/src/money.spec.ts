import { currencyMinorDigits, formatMinorAsAmount, parseAmountToMinor } from './money';

describe('parseAmountToMinor', () => {
  it.each([
    ['129.90', 'USD', 12990],
    ['129.9', 'USD', 12990],
    ['0.01', 'USD', 1],
    ['1500', 'JPY', 1500],
    ['1.234', 'BHD', 1234],
    ['999999999999.99', 'USD', 99999999999999],
  ])('parses %s %s to %d minor units', (amount, currency, minor) => {
    expect(parseAmountToMinor(amount, currency)).toEqual({ ok: true, minor });
  });

  it.each([
    ['-1.00', 'USD', /positive decimal/],
    ['0', 'USD', /greater than zero/],
    ['0.00', 'USD', /greater than zero/],
    ['NaN', 'USD', /positive decimal/],
    ['Infinity', 'USD', /positive decimal/],
    ['1e3', 'USD', /positive decimal/],
    ['1.999', 'USD', /3 decimals but USD allows at most 2/],
    ['1.5', 'JPY', /JPY allows at most 0/],
    ['1000000000000', 'USD', /below 10\^12/],
    [' 1.00', 'USD', /positive decimal/],
    ['1.00', 'ZZZ', /unknown currency/],
    ['1.00', 'XAU', /unknown currency/],
  ])('rejects %s %s', (amount, currency, reason) => {
    const result = parseAmountToMinor(amount, currency);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.reason).toMatch(reason);
  });
});

describe('currencyMinorDigits', () => {
  it('follows ISO 4217', () => {
    expect(currencyMinorDigits('EUR')).toBe(2);
    expect(currencyMinorDigits('KWD')).toBe(3);
    expect(currencyMinorDigits('KRW')).toBe(0);
    expect(currencyMinorDigits('usd')).toBeUndefined();
  });
});

describe('formatMinorAsAmount', () => {
  it.each([
    [12990, 'USD', '129.90'],
    [5, 'EUR', '0.05'],
    [500, 'JPY', '500'],
    [1, 'BHD', '0.001'],
  ])('%i %s is "%s" and parses back to the same minor units', (minor, currency, amount) => {
    expect(formatMinorAsAmount(minor, currency)).toBe(amount);
    expect(parseAmountToMinor(amount, currency)).toEqual({ ok: true, minor });
  });

  it('refuses what the contract cannot carry', () => {
    expect(() => formatMinorAsAmount(0, 'USD')).toThrow(RangeError);
    expect(() => formatMinorAsAmount(1.5, 'USD')).toThrow(RangeError);
    expect(() => formatMinorAsAmount(100, 'XAU')).toThrow(/unknown currency/);
  });
});
