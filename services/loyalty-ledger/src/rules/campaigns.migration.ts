import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Campaign bonuses (double points and the like) as data: one row per campaign, never changed or
 * removed once added (a trigger refuses UPDATE and DELETE). Postings pick campaigns by the event's
 * time, so a replay posts the same points only while the rows stay as they were; withdrawing a
 * promised bonus would also be a devaluation, which needs notice. `announced_at` is when the
 * campaign was added: the CHECK keeps windows from reaching back before it (no back-dating, or
 * events posted earlier would have missed a bonus a replay would grant).
 */
export class CreateCampaigns1733000000003 implements MigrationInterface {
  name = 'CreateCampaigns1733000000003';

  async up(queryRunner: QueryRunner): Promise<void> {
    const s = `"${queryRunner.connection.driver.schema}"`;
    await queryRunner.query(`
      CREATE TABLE ${s}.campaigns (
        campaign_id        text        PRIMARY KEY,
        announced_at       timestamptz NOT NULL,
        starts_at          timestamptz NOT NULL,
        ends_at            timestamptz NOT NULL,
        multiplier_percent integer     NOT NULL CHECK (multiplier_percent > 100),
        channels           text[]      CHECK (channels IS NULL OR cardinality(channels) > 0),
        created_at         timestamptz NOT NULL DEFAULT now(),
        CHECK (starts_at >= announced_at),
        CHECK (ends_at > starts_at)
      )`);
    await queryRunner.query(`
      CREATE FUNCTION ${s}.campaigns_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'campaigns are never changed once added (% on %)', TG_OP, TG_TABLE_NAME;
      END $$`);
    await queryRunner.query(
      `CREATE TRIGGER campaigns_immutable BEFORE UPDATE OR DELETE ON ${s}.campaigns FOR EACH ROW EXECUTE FUNCTION ${s}.campaigns_immutable()`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    const s = `"${queryRunner.connection.driver.schema}"`;
    await queryRunner.query(`DROP TABLE ${s}.campaigns`);
    await queryRunner.query(`DROP FUNCTION ${s}.campaigns_immutable()`);
  }
}
