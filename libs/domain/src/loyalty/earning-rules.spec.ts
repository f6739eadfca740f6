import { MS_PER_DAY } from '../time/time-unit';
import {
  DEFAULT_EARNING_RULE_BOOK,
  type EarningRuleBook,
  LAUNCH_EARNING_RULES,
  activeCampaigns,
  activeRuleVersion,
  ruleVersionEffectiveAt,
} from './earning-rules';

const announced = Date.UTC(2026, 0, 1);
const devaluation = {
  ...LAUNCH_EARNING_RULES,
  version: 'v2',
  announcedAt: announced,
  effectiveFrom: announced + 7 * MS_PER_DAY,
};
const book: EarningRuleBook = { ...DEFAULT_EARNING_RULE_BOOK, versions: [LAUNCH_EARNING_RULES, devaluation] };

describe('earning rule versions', () => {
  it('starts a version only after its notice period, even when it names an earlier date', () => {
    expect(ruleVersionEffectiveAt(devaluation, 30)).toBe(announced + 30 * MS_PER_DAY);
    expect(activeRuleVersion(book, announced + 29 * MS_PER_DAY)?.version).toBe('launch-v1');
    expect(activeRuleVersion(book, announced + 30 * MS_PER_DAY)?.version).toBe('v2');
  });

  it('keeps a later intended date when the notice was long enough', () => {
    const planned = { ...devaluation, effectiveFrom: announced + 60 * MS_PER_DAY };
    expect(ruleVersionEffectiveAt(planned, 30)).toBe(announced + 60 * MS_PER_DAY);
  });

  it('has no active version before the first one takes effect', () => {
    expect(activeRuleVersion(book, Date.UTC(2019, 0, 1))).toBeUndefined();
  });
});

describe('activeCampaigns', () => {
  const rules: EarningRuleBook = {
    ...DEFAULT_EARNING_RULE_BOOK,
    campaigns: [
      { campaignId: 'double', startsAt: announced, endsAt: announced + MS_PER_DAY, multiplierPercent: 200 },
      {
        campaignId: 'app-only',
        startsAt: announced,
        endsAt: announced + MS_PER_DAY,
        multiplierPercent: 150,
        channels: ['app'],
      },
    ],
  };

  it('applies a campaign inside its half-open window and on its channels only', () => {
    expect(activeCampaigns(rules, announced, 'store').map((c) => c.campaignId)).toEqual(['double']);
    expect(activeCampaigns(rules, announced, 'app').map((c) => c.campaignId)).toEqual(['double', 'app-only']);
    expect(activeCampaigns(rules, announced + MS_PER_DAY, 'app')).toEqual([]);
  });
});
