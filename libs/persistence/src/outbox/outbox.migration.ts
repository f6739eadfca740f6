import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Records to publish, written in the transaction of the state change they announce. The relay
 * publishes unsent rows in id order and marks them sent; the partial index keeps finding them
 * cheap however many sent rows are waiting for retention (see outboxRetention).
 */
export class CreateOutbox1732500000001 implements MigrationInterface {
  name = 'CreateOutbox1732500000001';

  async up(queryRunner: QueryRunner): Promise<void> {
    const schema = queryRunner.connection.driver.schema;
    await queryRunner.query(`
      CREATE TABLE "${schema}".outbox (
        id         bigserial   PRIMARY KEY,
        topic      text        NOT NULL,
        key        text,
        value      bytea       NOT NULL,
        headers    jsonb       NOT NULL DEFAULT '{}',
        created_at timestamptz NOT NULL DEFAULT now(),
        sent_at    timestamptz
      )`);
    await queryRunner.query(`CREATE INDEX outbox_unsent ON "${schema}".outbox (id) WHERE sent_at IS NULL`);
    await queryRunner.query(`CREATE INDEX outbox_sent_at ON "${schema}".outbox (sent_at) WHERE sent_at IS NOT NULL`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "${queryRunner.connection.driver.schema}".outbox`);
  }
}
