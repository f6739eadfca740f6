import { Body, Controller, Get, HttpCode, Post } from '@nestjs/common';
import { Clock } from '@churn/config';
import type { Campaign } from '@churn/domain';
import { ProblemException, problem } from '@churn/http';
import { type AnnouncedCampaign, CampaignExists, CampaignRejected, CampaignStore } from '../rules/campaign.store';
import { CampaignBody, bodyValidator } from './request-bodies';

const validateCampaign = bodyValidator(CampaignBody);

/** Where a campaign stands at `now`; which purchases it applies to is decided by their own time, not this. */
function status(campaign: AnnouncedCampaign, now: number): 'scheduled' | 'active' | 'ended' {
  if (now < campaign.startsAt) return 'scheduled';
  return now < campaign.endsAt ? 'active' : 'ended';
}

function present(campaigns: readonly AnnouncedCampaign[], now: number): Record<string, unknown> {
  return {
    active: campaigns.filter((c) => status(c, now) === 'active').map((c) => c.campaignId),
    campaigns: campaigns.map((c) => ({
      campaignId: c.campaignId,
      multiplierPercent: c.multiplierPercent,
      channels: c.channels ?? null,
      announcedAt: new Date(c.announcedAt).toISOString(),
      startsAt: new Date(c.startsAt).toISOString(),
      endsAt: new Date(c.endsAt).toISOString(),
      status: status(c, now),
    })),
  };
}

/** Campaign bonuses as data: list them, add one (never edit or withdraw one). */
@Controller('v1/loyalty/campaigns')
export class CampaignsController {
  constructor(
    private readonly campaigns: CampaignStore,
    private readonly clock: Clock,
  ) {}

  @Get()
  async list(): Promise<Record<string, unknown>> {
    return present(await this.campaigns.list(), this.clock.now().getTime());
  }

  /** 201 with every campaign; 400 for a malformed or meaningless campaign; 409 when the id is taken. */
  @Post()
  @HttpCode(201)
  async add(@Body() body: unknown): Promise<Record<string, unknown>> {
    const request = validateCampaign(body);
    const now = this.clock.now().getTime();
    const campaign: Campaign = {
      campaignId: request.campaignId,
      startsAt: request.startsAt === undefined ? now : Date.parse(request.startsAt),
      endsAt: Date.parse(request.endsAt),
      multiplierPercent: request.multiplierPercent,
      ...(request.channels ? { channels: request.channels } : {}),
    };
    try {
      return present(await this.campaigns.add(campaign, now), now);
    } catch (error) {
      if (error instanceof CampaignRejected)
        throw new ProblemException(problem(400, error.message, { problems: error.problems }));
      if (error instanceof CampaignExists) throw new ProblemException(problem(409, error.message));
      throw error;
    }
  }
}
