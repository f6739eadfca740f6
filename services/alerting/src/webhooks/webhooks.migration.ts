import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Webhook subscriptions and their delivery queue: one row per (subscription, alert event), written
 * in the transaction that produced the event, so every matching subscriber gets each event once
 * queued. A NULL filter array matches everything. Pending rows are claimed with a lease
 * (next_attempt_at pushed past the request timeout), so two instances never send one row at once.
 */
export class CreateWebhooks1733000000001 implements MigrationInterface {
  name = 'CreateWebhooks1733000000001';

  async up(queryRunner: QueryRunner): Promise<void> {
    const schema = queryRunner.connection.driver.schema;
    await queryRunner.query(`
      CREATE TABLE "${schema}".webhook_subscriptions (
        subscription_id text        PRIMARY KEY,
        url             text        NOT NULL,
        secret          text        NOT NULL,
        description     text,
        levels          text[],
        queues          text[],
        tiers           text[],
        active          boolean     NOT NULL DEFAULT true,
        created_at      timestamptz NOT NULL,
        updated_at      timestamptz NOT NULL
      )`);
    await queryRunner.query(`
      CREATE TABLE "${schema}".webhook_deliveries (
        delivery_id     bigserial   PRIMARY KEY,
        subscription_id text        NOT NULL REFERENCES "${schema}".webhook_subscriptions (subscription_id) ON DELETE CASCADE,
        alert_id        text        NOT NULL,
        event_id        text        NOT NULL,
        event_type      text        NOT NULL,
        body            text        NOT NULL,
        status          text        NOT NULL CHECK (status IN ('pending', 'delivered', 'parked')),
        attempts        integer     NOT NULL DEFAULT 0,
        next_attempt_at timestamptz NOT NULL,
        last_error      text,
        last_status     integer,
        created_at      timestamptz NOT NULL,
        delivered_at    timestamptz,
        parked_at       timestamptz,
        UNIQUE (subscription_id, event_id)
      )`);
    await queryRunner.query(`CREATE INDEX webhook_deliveries_due ON "${schema}".webhook_deliveries (subscription_id, next_attempt_at) WHERE status = 'pending'`);
    await queryRunner.query(`CREATE INDEX webhook_deliveries_parked ON "${schema}".webhook_deliveries (subscription_id) WHERE status = 'parked'`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    const schema = queryRunner.connection.driver.schema;
    await queryRunner.query(`DROP TABLE "${schema}".webhook_deliveries`);
    await queryRunner.query(`DROP TABLE "${schema}".webhook_subscriptions`);
  }
}
