import { LAUNCH_EARNING_RULES } from './earning-rules';
import { type PurchasePointsInput, purchasePointsComponents } from './purchase-points';

const input: PurchasePointsInput = {
  amountMinor: 12_990,
  minorUnitsPerCurrencyUnit: 100,
  channel: 'online',
  tier: 'basic',
  purchaseNumber: 4,
  campaigns: [],
};

describe('purchasePointsComponents', () => {
  it('floors base points per whole currency unit at the channel rate', () => {
    expect(purchasePointsComponents(LAUNCH_EARNING_RULES, input)).toEqual([{ memo: 'base', points: 129 }]);
    expect(purchasePointsComponents(LAUNCH_EARNING_RULES, { ...input, channel: 'app' })).toEqual([
      { memo: 'base', points: 259 },
    ]);
    expect(purchasePointsComponents(LAUNCH_EARNING_RULES, { ...input, amountMinor: 99 })).toEqual([]);
    expect(
      purchasePointsComponents(LAUNCH_EARNING_RULES, { ...input, amountMinor: 1290, minorUnitsPerCurrencyUnit: 1 }),
    ).toEqual([{ memo: 'base', points: 1290 }]);
  });

  it('adds a floored tier bonus on top of the base points', () => {
    expect(purchasePointsComponents(LAUNCH_EARNING_RULES, { ...input, tier: 'silver' })).toEqual([
      { memo: 'base', points: 129 },
      { memo: 'tier:silver', points: 32 }, // floor(129 x 0.25)
    ]);
    expect(purchasePointsComponents(LAUNCH_EARNING_RULES, { ...input, tier: 'diamond' })[1]).toEqual({
      memo: 'tier:diamond',
      points: 129,
    });
  });

  it('adds each active campaign as its own floored bonus', () => {
    const campaigns = [{ campaignId: 'double', startsAt: 0, endsAt: 1, multiplierPercent: 200 }];
    expect(purchasePointsComponents(LAUNCH_EARNING_RULES, { ...input, campaigns })).toEqual([
      { memo: 'base', points: 129 },
      { memo: 'campaign:double', points: 129 },
    ]);
  });

  it('adds milestone points on the 1st, 2nd, 3rd and 5th purchase only', () => {
    const milestone = (purchaseNumber: number): number | undefined =>
      purchasePointsComponents(LAUNCH_EARNING_RULES, { ...input, purchaseNumber }).find((c) =>
        c.memo.startsWith('milestone'),
      )?.points;
    expect([1, 2, 3, 4, 5, 6].map(milestone)).toEqual([100, 100, 150, undefined, 300, undefined]);
  });
});
