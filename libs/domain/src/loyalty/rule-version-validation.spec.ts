import { MS_PER_DAY } from '../time/time-unit';
import { DEFAULT_EARNING_RULE_BOOK, LAUNCH_EARNING_RULES } from './earning-rules';
import { ruleVersionProblems } from './rule-version-validation';

const announcedAt = Date.UTC(2026, 5, 1);
const v2 = { ...LAUNCH_EARNING_RULES, version: 'v2', announcedAt, effectiveFrom: announcedAt + 30 * MS_PER_DAY };

describe('ruleVersionProblems', () => {
  it('accepts a version announced a full notice period ahead', () => {
    expect(ruleVersionProblems(DEFAULT_EARNING_RULE_BOOK, v2)).toEqual([]);
  });

  it('refuses a version taking effect inside the notice period, a reused name and bad numbers', () => {
    expect(
      ruleVersionProblems(DEFAULT_EARNING_RULE_BOOK, { ...v2, effectiveFrom: announcedAt + 29 * MS_PER_DAY }),
    ).toEqual(['effectiveFrom must be at least 30 days after announcedAt (notice period)']);
    expect(ruleVersionProblems(DEFAULT_EARNING_RULE_BOOK, { ...v2, version: 'launch-v1' })).toEqual([
      'version launch-v1 exists',
    ]);
    const bad = {
      ...v2,
      tierMultiplierPercent: { ...v2.tierMultiplierPercent, gold: 90 },
      basePointsPerCurrencyUnit: { ...v2.basePointsPerCurrencyUnit, app: 1.5 },
    };
    expect(ruleVersionProblems(DEFAULT_EARNING_RULE_BOOK, bad)).toEqual([
      'basePointsPerCurrencyUnit.app must be a whole number',
      'tierMultiplierPercent.gold must be a whole number >= 100',
    ]);
  });
});
