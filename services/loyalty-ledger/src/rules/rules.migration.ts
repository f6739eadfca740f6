import type { MigrationInterface, QueryRunner } from 'typeorm';
import { LAUNCH_EARNING_RULES } from '@churn/domain';

/**
 * Earning rules as versioned data: one row per version, never changed once added (a change is a
 * new version). Seeded with the launch rules so that a fresh ledger earns from the first event.
 */
export class CreateRuleVersions1733000000001 implements MigrationInterface {
  name = 'CreateRuleVersions1733000000001';

  async up(queryRunner: QueryRunner): Promise<void> {
    const s = `"${queryRunner.connection.driver.schema}"`;
    await queryRunner.query(`
      CREATE TABLE ${s}.rule_versions (
        version        text        PRIMARY KEY,
        announced_at   timestamptz NOT NULL,
        effective_from timestamptz NOT NULL,
        rules          jsonb       NOT NULL,
        created_at     timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(
      `INSERT INTO ${s}.rule_versions (version, announced_at, effective_from, rules) VALUES ($1, $2, $3, $4)`,
      [
        LAUNCH_EARNING_RULES.version,
        new Date(LAUNCH_EARNING_RULES.announcedAt),
        new Date(LAUNCH_EARNING_RULES.effectiveFrom),
        JSON.stringify(LAUNCH_EARNING_RULES),
      ],
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "${queryRunner.connection.driver.schema}".rule_versions`);
  }
}
