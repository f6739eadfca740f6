import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Lets retention find old processed-event records without scanning the table. */
export class IndexProcessedEventsAge1732700000000 implements MigrationInterface {
  name = 'IndexProcessedEventsAge1732700000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE INDEX processed_events_processed_at ON "${queryRunner.connection.driver.schema}".processed_events (processed_at)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "${queryRunner.connection.driver.schema}".processed_events_processed_at`);
  }
}
