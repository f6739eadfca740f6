import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Records the read model cannot apply now go to gateway.dlq.v1 with the reason and original
 * payload, like every other consumer's, where ops already look and re-drive from; the table that
 * held them is gone. Rows it held are not moved: re-drive them from the source topics if needed.
 */
export class DropRejectedEvents1733000000002 implements MigrationInterface {
  name = 'DropRejectedEvents1733000000002';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE IF EXISTS "${queryRunner.connection.driver.schema}".rejected_events`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE "${queryRunner.connection.driver.schema}".rejected_events (
        id          bigserial   PRIMARY KEY,
        topic       text        NOT NULL,
        partition   integer     NOT NULL,
        "offset"    text        NOT NULL,
        reason      text        NOT NULL,
        payload     text,
        rejected_at timestamptz NOT NULL DEFAULT now()
      )`);
  }
}
