import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The feature state churn-prediction keeps per customer: the newest scores.v1 record (by
 * stateVersion, computedAt), which carries the purchase pattern and BG/NBD parameters the features
 * are computed from; the latest prediction; and when the clock should re-check the customer
 * (indexed: each tick reads only the due ones). Interactions are stored as they came.
 */
export class CreateCustomerState1733000000000 implements MigrationInterface {
  name = 'CreateCustomerState1733000000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const schema = queryRunner.connection.driver.schema;
    await queryRunner.query(`
      CREATE TABLE "${schema}".customer_state (
        customer_id         text        PRIMARY KEY,
        score               jsonb       NOT NULL,
        score_state_version bigint      NOT NULL,
        score_computed_at   timestamptz NOT NULL,
        prediction          jsonb,
        next_check_at       timestamptz,
        updated_at          timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(`CREATE INDEX customer_state_next_check_at ON "${schema}".customer_state (next_check_at)`);
    await queryRunner.query(`
      CREATE TABLE "${schema}".interactions (
        customer_id text        NOT NULL,
        event_id    text        NOT NULL,
        kind        text        NOT NULL,
        score       integer,
        reference   text,
        occurred_at timestamptz NOT NULL,
        PRIMARY KEY (customer_id, event_id)
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    const schema = queryRunner.connection.driver.schema;
    await queryRunner.query(`DROP TABLE "${schema}".interactions`);
    await queryRunner.query(`DROP TABLE "${schema}".customer_state`);
  }
}
