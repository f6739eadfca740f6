import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The gateway's read model, fed by scores.v1 and churn-predictions.v1 (event-carried state; the
 * gateway never reads another service's tables): the newest score and prediction per customer,
 * one snapshot per customer and UTC day (segment/tier movement and KPIs over time), a timeline of
 * purchases and predictions for the customer page, erasure tombstones (so a replay cannot bring an
 * erased customer back) and the records that could not be read.
 */
export class CreateReadModel1733000000000 implements MigrationInterface {
  name = 'CreateReadModel1733000000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const schema = queryRunner.connection.driver.schema;
    await queryRunner.query(`
      CREATE TABLE "${schema}".customer_view (
        customer_id         text        PRIMARY KEY,
        score               jsonb,
        score_state_version bigint,
        score_computed_at   timestamptz,
        segment             text,
        tier                text,
        stage               text,
        clv_minor           bigint,
        currency            text,
        p_alive             double precision,
        prediction          jsonb,
        churn_probability   double precision,
        risk_level          text,
        predicted_at        timestamptz,
        updated_at          timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(`CREATE INDEX customer_view_clv ON "${schema}".customer_view (clv_minor DESC, customer_id)`);
    await queryRunner.query(`CREATE INDEX customer_view_probability ON "${schema}".customer_view (churn_probability DESC, customer_id)`);
    await queryRunner.query(`CREATE INDEX customer_view_segment ON "${schema}".customer_view (segment)`);
    await queryRunner.query(`
      CREATE TABLE "${schema}".customer_daily (
        customer_id       text    NOT NULL,
        day               date    NOT NULL,
        segment           text,
        tier              text,
        stage             text,
        currency          text,
        clv_minor         bigint,
        purchase_count    integer,
        frequency         integer,
        net_spend_minor   bigint,
        churn_probability double precision,
        PRIMARY KEY (customer_id, day)
      )`);
    await queryRunner.query(`CREATE INDEX customer_daily_day ON "${schema}".customer_daily (day)`);
    await queryRunner.query(`
      CREATE TABLE "${schema}".customer_timeline (
        customer_id text        NOT NULL,
        event_id    text        NOT NULL,
        at          timestamptz NOT NULL,
        kind        text        NOT NULL CHECK (kind IN ('purchase', 'prediction')),
        summary     jsonb       NOT NULL,
        PRIMARY KEY (customer_id, event_id)
      )`);
    await queryRunner.query(`
      CREATE TABLE "${schema}".erased_customers (
        customer_id text        PRIMARY KEY,
        erased_at   timestamptz NOT NULL
      )`);
    await queryRunner.query(`
      CREATE TABLE "${schema}".rejected_events (
        id          bigserial   PRIMARY KEY,
        topic       text        NOT NULL,
        partition   integer     NOT NULL,
        "offset"    text        NOT NULL,
        reason      text        NOT NULL,
        payload     text,
        rejected_at timestamptz NOT NULL DEFAULT now()
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    const schema = queryRunner.connection.driver.schema;
    for (const table of ['rejected_events', 'erased_customers', 'customer_timeline', 'customer_daily', 'customer_view']) await queryRunner.query(`DROP TABLE "${schema}".${table}`);
  }
}
