import { Injectable } from '@nestjs/common';
import { type Campaign, type PurchaseChannel, campaignProblems } from '@churn/domain';
import { schemaOf } from '@churn/persistence';
import { DataSource, type EntityManager } from 'typeorm';

/** A campaign with the instant it was added (its announcement). */
export interface AnnouncedCampaign extends Campaign {
  readonly announcedAt: number;
}

export class CampaignRejected extends Error {
  constructor(readonly problems: string[]) {
    super(problems.join('; '));
  }
}

export class CampaignExists extends Error {
  constructor(readonly campaignId: string) {
    super(`campaign ${campaignId} exists; campaigns are never changed once added`);
  }
}

interface CampaignRow {
  campaign_id: string;
  announced_at: Date;
  starts_at: Date;
  ends_at: Date;
  multiplier_percent: number;
  channels: PurchaseChannel[] | null;
}

function fromRow(row: CampaignRow): AnnouncedCampaign {
  return {
    campaignId: row.campaign_id,
    announcedAt: row.announced_at.getTime(),
    startsAt: row.starts_at.getTime(),
    endsAt: row.ends_at.getTime(),
    multiplierPercent: row.multiplier_percent,
    ...(row.channels ? { channels: row.channels } : {}),
  };
}

/** Campaign bonuses (table campaigns): added, never changed; the domain decides which apply to an event. */
@Injectable()
export class CampaignStore {
  constructor(private readonly dataSource: DataSource) {}

  /** Every campaign, in a fixed order (start, then id) so that a replay books a purchase's lines in the same order. */
  async list(manager: EntityManager = this.dataSource.manager): Promise<AnnouncedCampaign[]> {
    const rows: CampaignRow[] = await manager.query(
      `SELECT campaign_id, announced_at, starts_at, ends_at, multiplier_percent, channels
         FROM "${schemaOf(manager.connection)}".campaigns ORDER BY starts_at, campaign_id`,
    );
    return rows.map(fromRow);
  }

  /**
   * Adds a campaign after the domain's checks. The id is the primary key, so of two concurrent
   * additions of one id exactly one wins and the other is told it exists.
   */
  async add(campaign: Campaign, announcedAt: number): Promise<AnnouncedCampaign[]> {
    const problems = campaignProblems(campaign, announcedAt);
    if (problems.length > 0) throw new CampaignRejected(problems);
    const inserted: unknown[] = await this.dataSource.query(
      `INSERT INTO "${schemaOf(this.dataSource)}".campaigns
         (campaign_id, announced_at, starts_at, ends_at, multiplier_percent, channels)
       VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (campaign_id) DO NOTHING RETURNING campaign_id`,
      [
        campaign.campaignId,
        new Date(announcedAt),
        new Date(campaign.startsAt),
        new Date(campaign.endsAt),
        campaign.multiplierPercent,
        campaign.channels ?? null,
      ],
    );
    if (inserted.length === 0) throw new CampaignExists(campaign.campaignId);
    return this.list();
  }
}
