import { MS_PER_DAY } from '../time/time-unit';
import { MAX_CAMPAIGN_MULTIPLIER_PERCENT, campaignProblems } from './campaign-validation';
import type { Campaign } from './earning-rules';

const announcedAt = Date.UTC(2026, 10, 1);
const double: Campaign = {
  campaignId: 'black-friday',
  startsAt: announcedAt + MS_PER_DAY,
  endsAt: announcedAt + 4 * MS_PER_DAY,
  multiplierPercent: 200,
};

describe('campaignProblems', () => {
  it('accepts a bonus that starts when it is announced or later, with or without channels', () => {
    expect(campaignProblems(double, announcedAt)).toEqual([]);
    expect(campaignProblems({ ...double, startsAt: announcedAt }, announcedAt)).toEqual([]);
    expect(campaignProblems({ ...double, channels: ['app', 'online'] }, announcedAt)).toEqual([]);
    expect(campaignProblems({ ...double, multiplierPercent: MAX_CAMPAIGN_MULTIPLIER_PERCENT }, announcedAt)).toEqual(
      [],
    );
  });

  it('refuses a back-dated start, an empty or inverted window', () => {
    expect(campaignProblems({ ...double, startsAt: announcedAt - 1 }, announcedAt)).toEqual([
      'startsAt must not be before the campaign is added (no back-dating)',
    ]);
    expect(campaignProblems({ ...double, endsAt: double.startsAt }, announcedAt)).toEqual([
      'endsAt must be after startsAt',
    ]);
    expect(campaignProblems({ ...double, endsAt: double.startsAt - MS_PER_DAY }, announcedAt)).toEqual([
      'endsAt must be after startsAt',
    ]);
  });

  it('refuses multipliers that take points away, add nothing, are fractional or implausibly large', () => {
    for (const multiplierPercent of [50, 100, 150.5, MAX_CAMPAIGN_MULTIPLIER_PERCENT + 1]) {
      expect(campaignProblems({ ...double, multiplierPercent }, announcedAt)).toEqual([
        'multiplierPercent must be a whole number above 100 and at most 1000',
      ]);
    }
  });

  it('refuses an empty, unknown or repeated channel list', () => {
    expect(campaignProblems({ ...double, channels: [] }, announcedAt)).toEqual([
      'channels must name at least one channel (omit it for all channels)',
    ]);
    expect(campaignProblems({ ...double, channels: ['app', 'app'] }, announcedAt)).toEqual([
      'channels must not repeat',
    ]);
    expect(campaignProblems({ ...double, channels: ['kiosk' as never] }, announcedAt)).toEqual([
      'channels must be among online, store, app, partner',
    ]);
  });
});
