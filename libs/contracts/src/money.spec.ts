import { currencyMinorDigits, parseAmountToMinor } from './money';

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
