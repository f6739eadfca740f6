import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * One row per (consumer, eventId) a consumer has applied. The primary key is what makes
 * consumption effectively-once: a redelivered event cannot be recorded, hence not applied, twice.
 */
export class CreateProcessedEvents1732500000000 implements MigrationInterface {
  name = 'CreateProcessedEvents1732500000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const schema = queryRunner.connection.driver.schema;
    await queryRunner.query(`
      CREATE TABLE "${schema}".processed_events (
        consumer     text        NOT NULL,
        event_id     text        NOT NULL,
        processed_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (consumer, event_id)
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "${queryRunner.connection.driver.schema}".processed_events`);
  }
}
