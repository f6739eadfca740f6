import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The purchase history scoring owns: every applied purchase and refund per customer (refunds stay
 * rows of their own; the domain summary nets them against their order), and per customer its
 * currency (the domain does no FX), a state version that grows with every applied change (it
 * orders scores: see ScoreV1.stateVersion) and the last purchase time (for "silent for N days").
 */
export class CreateHistory1732600000000 implements MigrationInterface {
  name = 'CreateHistory1732600000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const schema = queryRunner.connection.driver.schema;
    await queryRunner.query(`
      CREATE TABLE "${schema}".customers (
        customer_id      text        PRIMARY KEY,
        currency         text        NOT NULL,
        state_version    bigint      NOT NULL,
        last_purchase_at timestamptz,
        updated_at       timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(`CREATE INDEX customers_last_purchase_at ON "${schema}".customers (last_purchase_at)`);
    await queryRunner.query(`
      CREATE TABLE "${schema}".transactions (
        customer_id  text        NOT NULL,
        event_id     text        NOT NULL,
        type         text        NOT NULL CHECK (type IN ('purchase', 'refund')),
        order_id     text        NOT NULL,
        occurred_at  timestamptz NOT NULL,
        amount_minor bigint      NOT NULL CHECK (amount_minor > 0),
        currency     text        NOT NULL,
        PRIMARY KEY (customer_id, event_id)
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    const schema = queryRunner.connection.driver.schema;
    await queryRunner.query(`DROP TABLE "${schema}".transactions`);
    await queryRunner.query(`DROP TABLE "${schema}".customers`);
  }
}
