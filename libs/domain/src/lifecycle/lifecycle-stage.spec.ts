import { MS_PER_DAY } from '../time/time-unit';
import { DEFAULT_LIFECYCLE_THRESHOLDS, lifecycleStage } from './lifecycle-stage';

const asOf = Date.UTC(2025, 5, 30, 15);
const daysAgo = (d: number): number => asOf - d * MS_PER_DAY;

describe('lifecycleStage', () => {
  it('walks the silence ladder at the configured thresholds', () => {
    const stageAfter = (silentDays: number): string =>
      lifecycleStage({ firstPurchaseAt: daysAgo(1000), lastInteractionAt: daysAgo(silentDays), asOf });
    expect(stageAfter(0)).toBe('active');
    expect(stageAfter(29)).toBe('active');
    expect(stageAfter(30)).toBe('silent');
    expect(stageAfter(60)).toBe('potential-churn');
    expect(stageAfter(89)).toBe('potential-churn');
    expect(stageAfter(90)).toBe('dormant');
    expect(stageAfter(180)).toBe('deep-dormant');
    expect(stageAfter(365)).toBe('churned');
  });

  it('tells prospects and new customers apart from active ones', () => {
    expect(lifecycleStage({ asOf })).toBe('prospect');
    expect(lifecycleStage({ firstPurchaseAt: daysAgo(5), asOf })).toBe('new');
    expect(lifecycleStage({ firstPurchaseAt: daysAgo(45), lastInteractionAt: daysAgo(2), asOf })).toBe('active');
  });

  it('uses configured thresholds and rejects an inconsistent ladder', () => {
    const custom = { ...DEFAULT_LIFECYCLE_THRESHOLDS, silentAfterDays: 14 };
    expect(lifecycleStage({ firstPurchaseAt: daysAgo(500), lastInteractionAt: daysAgo(20), asOf }, custom)).toBe(
      'silent',
    );
    expect(() => lifecycleStage({ asOf }, { ...DEFAULT_LIFECYCLE_THRESHOLDS, dormantAfterDays: 50 })).toThrow(
      RangeError,
    );
  });
});
