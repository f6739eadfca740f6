import { ProblemException } from '@churn/http';
import { CampaignBody, bodyValidator } from './request-bodies';

const validate = bodyValidator(CampaignBody);
const campaign = {
  campaignId: 'double-weekend',
  startsAt: '2026-11-27T00:00:00+01:00',
  endsAt: '2026-11-29T23:00:00Z',
  multiplierPercent: 200,
};

/** The problem details a refused body is answered with. */
function refusal(body: unknown): Record<string, unknown> {
  try {
    validate(body);
  } catch (error) {
    if (error instanceof ProblemException) return error.problemDetails;
    throw error;
  }
  throw new Error('accepted');
}

describe('CampaignBody', () => {
  it('accepts a campaign with or without a start and channels', () => {
    expect(validate(campaign)).toEqual(campaign);
    const { startsAt: _omitted, ...startsNow } = campaign;
    expect(validate({ ...startsNow, channels: ['app', 'store'] })).toEqual({
      ...startsNow,
      channels: ['app', 'store'],
    });
  });

  it('answers 400 naming each offending field', () => {
    const problem = refusal({
      ...campaign,
      multiplierPercent: 2.5,
      endsAt: '2026-11-29T23:00:00',
      channels: ['kiosk'],
      budget: 1,
    });
    expect(problem).toMatchObject({ status: 400 });
    const paths = (problem['issues'] as { path: string }[]).map((i) => i.path);
    expect(paths).toEqual(expect.arrayContaining(['/multiplierPercent', '/endsAt', '/channels/0']));
    expect(refusal({ ...campaign, channels: [] })).toMatchObject({ status: 400 });
    const { endsAt: _missing, ...open } = campaign;
    expect(refusal(open)).toMatchObject({ status: 400 });
    expect(refusal(undefined)).toMatchObject({ status: 400 });
  });
});
