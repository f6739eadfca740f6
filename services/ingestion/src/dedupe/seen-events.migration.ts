import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Remembers every accepted eventId with a fingerprint of its content, per stream. The primary key
 * makes concurrent claims of one eventId serialize; the time index makes window cleanup cheap.
 */
export class CreateSeenEvents1732440000000 implements MigrationInterface {
  name = 'CreateSeenEvents1732440000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const schema = queryRunner.connection.driver.schema;
    await queryRunner.query(`
      CREATE TABLE "${schema}".seen_events (
        stream        text        NOT NULL,
        event_id      text        NOT NULL,
        content_hash  text        NOT NULL,
        first_seen_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (stream, event_id)
      )`);
    await queryRunner.query(`CREATE INDEX seen_events_first_seen_at ON "${schema}".seen_events (first_seen_at)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "${queryRunner.connection.driver.schema}".seen_events`);
  }
}
