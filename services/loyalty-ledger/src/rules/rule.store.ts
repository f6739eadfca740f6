import { Inject, Injectable } from '@nestjs/common';
import { type EarningRuleBook, type EarningRuleVersion, ruleVersionProblems } from '@churn/domain';
import { schemaOf } from '@churn/persistence';
import { DataSource, type EntityManager } from 'typeorm';
import type { LoyaltyLedgerConfig } from '../config';
import { LOYALTY_CONFIG } from '../tokens';
import { CampaignStore } from './campaign.store';

export class RuleVersionRejected extends Error {
  constructor(readonly problems: string[]) {
    super(problems.join('; '));
  }
}

/** Earning-rule versions (table rule_versions) and campaigns (CampaignStore); the notice period is configuration. */
@Injectable()
export class RuleStore {
  constructor(
    private readonly dataSource: DataSource,
    private readonly campaigns: CampaignStore,
    @Inject(LOYALTY_CONFIG) private readonly config: LoyaltyLedgerConfig,
  ) {}

  /**
   * The whole rule book, every campaign included: the domain picks the version and the campaigns
   * in force at each event's own time, so what was processed when does not change the points.
   */
  async book(manager: EntityManager = this.dataSource.manager): Promise<EarningRuleBook> {
    const rows: { rules: EarningRuleVersion }[] = await manager.query(
      `SELECT rules FROM "${schemaOf(manager.connection)}".rule_versions ORDER BY created_at, version`,
    );
    return {
      noticePeriodDays: this.config.RULE_NOTICE_PERIOD_DAYS,
      versions: rows.map((r) => r.rules),
      campaigns: await this.campaigns.list(manager),
    };
  }

  /** Adds a version after the domain's checks; versions are serialized by a table lock so two additions cannot both pass. */
  async add(version: EarningRuleVersion): Promise<EarningRuleBook> {
    return this.dataSource.transaction(async (manager) => {
      const s = schemaOf(manager.connection);
      await manager.query(`LOCK TABLE "${s}".rule_versions IN SHARE ROW EXCLUSIVE MODE`);
      const book = await this.book(manager);
      const problems = ruleVersionProblems(book, version);
      if (problems.length > 0) throw new RuleVersionRejected(problems);
      await manager.query(
        `INSERT INTO "${s}".rule_versions (version, announced_at, effective_from, rules) VALUES ($1, $2, $3, $4)`,
        [version.version, new Date(version.announcedAt), new Date(version.effectiveFrom), JSON.stringify(version)],
      );
      return { ...book, versions: [...book.versions, version] };
    });
  }
}
