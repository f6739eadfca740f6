import { parseAmount } from './parse-amount';

describe('parseAmount', () => {
  it('converts decimals to minor units exactly, including zero', () => {
    expect(parseAmount('129.90', 2)).toEqual({ ok: true, minor: 12990 });
    expect(parseAmount('0.1', 2)).toEqual({ ok: true, minor: 10 });
    expect(parseAmount('0.00', 2)).toEqual({ ok: true, minor: 0 });
    expect(parseAmount('1200', 0)).toEqual({ ok: true, minor: 1200 });
    expect(parseAmount('1.005', 3)).toEqual({ ok: true, minor: 1005 });
    // 0.29 * 100 is 28.999999999999996 in floats: string arithmetic must not go there.
    expect(parseAmount('0.29', 2)).toEqual({ ok: true, minor: 29 });
  });

  it('refuses signs, exponents, separators, excess decimals and absurd sizes', () => {
    for (const [text, digits] of [
      ['-4.00', 2],
      ['1e3', 2],
      ['1,000.00', 2],
      ['12.345', 2],
      ['5.5', 0],
      ['1000000000000', 2],
      ['', 2],
    ] as const) {
      expect(parseAmount(text, digits).ok).toBe(false);
    }
  });
});
