import { readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_RULES_FILE } from '../config';
import { checkRuleSet, loadRuleSetFile } from './rule-set-loader';

const shipped = JSON.parse(readFileSync(DEFAULT_RULES_FILE, 'utf8')) as Record<string, unknown>;

describe('rule set loading', () => {
  it('loads the shipped rule set with the documented defaults', () => {
    const rules = loadRuleSetFile(DEFAULT_RULES_FILE);
    expect(rules).toMatchObject({
      open: { onLevels: ['medium', 'high'], minSignals: 3 },
      contactFatigue: { maxAlerts: 3, windowDays: 7 },
      outcomeWindowDays: 90,
      accountManagerTiers: ['diamond', 'gold'],
    });
  });

  it('names every structural and consistency problem', () => {
    const structural = checkRuleSet({ ...shipped, controlGroupShare: 1.5, extra: true, open: { onLevels: ['urgent'], probabilityJump: 0.2, minSignals: 3 } });
    expect(structural).toEqual({
      ok: false,
      problems: expect.arrayContaining(['controlGroupShare: must be <= 1', 'extra: is not a field of this contract', expect.stringMatching(/^open.onLevels.0: /)]),
    });
    const inconsistent = checkRuleSet({ ...shipped, tierWeights: { diamond: 1, gold: 2, silver: 2, basic: 1 } });
    expect(inconsistent).toEqual({ ok: false, problems: [expect.stringMatching(/^tierWeights: must not increase/)] });
  });

  it('refuses a file that is not JSON or not valid, naming the file', () => {
    const file = join(tmpdir(), `rules-${process.pid}.json`);
    writeFileSync(file, '{ not json');
    expect(() => loadRuleSetFile(file)).toThrow(new RegExp(`rule set ${file} is not JSON`));
    writeFileSync(file, JSON.stringify({ ...shipped, version: '' }));
    expect(() => loadRuleSetFile(file)).toThrow(/is invalid: version: must NOT have fewer than 1 characters/);
  });
});
