import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The alert lifecycle alerting owns. At most one unresolved alert per customer and reason (the
 * partial unique index is the dedupe guarantee, whatever the code does). `held_back_by` says why
 * an alert reaches no channel (control group, contact fatigue); NULL means it reaches them.
 * `customer_state` is what the rules need from the previous prediction, plus the latest
 * prediction itself (the default input of a dry run). `alert_purchases` is the closed loop.
 */
export class CreateAlerts1733000000000 implements MigrationInterface {
  name = 'CreateAlerts1733000000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const schema = queryRunner.connection.driver.schema;
    await queryRunner.query(`
      CREATE TABLE "${schema}".alerts (
        alert_id          text             PRIMARY KEY,
        customer_id       text             NOT NULL,
        reason            text             NOT NULL,
        status            text             NOT NULL CHECK (status IN ('open', 'acknowledged', 'resolved')),
        level             text             NOT NULL,
        priority          double precision NOT NULL,
        tier              text             NOT NULL,
        queue             text             NOT NULL,
        probability       double precision,
        drivers           jsonb            NOT NULL,
        signals           jsonb            NOT NULL,
        suggested_action  text             NOT NULL,
        action_id         text             NOT NULL,
        control_group     boolean          NOT NULL,
        held_back_by      text,
        rule_version      text             NOT NULL,
        model_version     text,
        opened_at         timestamptz      NOT NULL,
        updated_at        timestamptz      NOT NULL,
        acknowledged_at   timestamptz,
        acknowledged_by   text,
        resolved_at       timestamptz,
        resolved_by       text,
        resolution_cause  text,
        outcome           text
      )`);
    await queryRunner.query(`CREATE UNIQUE INDEX alerts_one_unresolved_per_reason ON "${schema}".alerts (customer_id, reason) WHERE status <> 'resolved'`);
    await queryRunner.query(`CREATE INDEX alerts_by_customer ON "${schema}".alerts (customer_id, opened_at)`);
    await queryRunner.query(`CREATE INDEX alerts_newest_first ON "${schema}".alerts (opened_at DESC, alert_id DESC)`);
    await queryRunner.query(`
      CREATE TABLE "${schema}".alert_history (
        id          bigserial        PRIMARY KEY,
        alert_id    text             NOT NULL REFERENCES "${schema}".alerts (alert_id) ON DELETE CASCADE,
        type        text             NOT NULL,
        at          timestamptz      NOT NULL,
        actor       text             NOT NULL,
        level       text             NOT NULL,
        probability double precision,
        detail      jsonb            NOT NULL DEFAULT '{}'
      )`);
    await queryRunner.query(`CREATE INDEX alert_history_by_alert ON "${schema}".alert_history (alert_id, id)`);
    await queryRunner.query(`
      CREATE TABLE "${schema}".customer_state (
        customer_id     text             PRIMARY KEY,
        last_level      text             NOT NULL,
        last_as_of      timestamptz      NOT NULL,
        last_prediction jsonb            NOT NULL,
        updated_at      timestamptz      NOT NULL
      )`);
    await queryRunner.query(`CREATE INDEX customer_state_recent ON "${schema}".customer_state (updated_at)`);
    await queryRunner.query(`
      CREATE TABLE "${schema}".alert_purchases (
        alert_id     text        NOT NULL REFERENCES "${schema}".alerts (alert_id) ON DELETE CASCADE,
        event_id     text        NOT NULL,
        occurred_at  timestamptz NOT NULL,
        amount_minor bigint      NOT NULL,
        currency     text        NOT NULL,
        PRIMARY KEY (alert_id, event_id)
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    const schema = queryRunner.connection.driver.schema;
    for (const table of ['alert_purchases', 'customer_state', 'alert_history', 'alerts']) await queryRunner.query(`DROP TABLE "${schema}".${table}`);
  }
}
