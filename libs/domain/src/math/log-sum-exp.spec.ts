import { log1mExp, logAddExp, logSubExp } from './log-sum-exp';

describe('log-space arithmetic', () => {
  it('adds and subtracts in log space', () => {
    expect(logAddExp(Math.log(2), Math.log(3))).toBeCloseTo(Math.log(5), 14);
    expect(logSubExp(Math.log(5), Math.log(3))).toBeCloseTo(Math.log(2), 14);
    expect(logAddExp(-Infinity, 1.5)).toBe(1.5);
    expect(logSubExp(2, 2)).toBe(-Infinity);
  });

  it('does not overflow for large arguments', () => {
    expect(logAddExp(1000, 1000)).toBeCloseTo(1000 + Math.LN2, 12);
    expect(logAddExp(-1000, -1000)).toBeCloseTo(-1000 + Math.LN2, 12);
  });

  it('computes ln(1 - e^x) accurately near 0 and far from it', () => {
    expect(log1mExp(-1e-20)).toBeCloseTo(Math.log(1e-20), 10);
    expect(log1mExp(-50)).toBeCloseTo(-Math.exp(-50), 30);
    expect(log1mExp(1)).toBeNaN();
  });
});
