import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The model registry: every trained version with its artifact (tfjs topology + weights, and the
 * metadata: feature list, scaler, horizon, training window, candidates, calibration), its
 * validation metrics, the comparison that decided its activation, and the activation history.
 * At most one version is active (partial unique index).
 */
export class CreateModelRegistry1733000000001 implements MigrationInterface {
  name = 'CreateModelRegistry1733000000001';

  async up(queryRunner: QueryRunner): Promise<void> {
    const schema = queryRunner.connection.driver.schema;
    await queryRunner.query(`
      CREATE TABLE "${schema}".models (
        id              bigserial   UNIQUE,
        version         text        PRIMARY KEY,
        source          text        NOT NULL CHECK (source IN ('seed', 'retrain')),
        kind            text        NOT NULL,
        artifact        jsonb       NOT NULL,
        feature_names   jsonb       NOT NULL,
        metrics         jsonb       NOT NULL,
        training_window jsonb       NOT NULL,
        comparison      jsonb,
        active          boolean     NOT NULL DEFAULT false,
        created_at      timestamptz NOT NULL,
        activated_at    timestamptz
      )`);
    await queryRunner.query(`CREATE UNIQUE INDEX models_one_active ON "${schema}".models (active) WHERE active`);
    await queryRunner.query(`
      CREATE TABLE "${schema}".model_activations (
        id               bigserial   PRIMARY KEY,
        version          text        NOT NULL REFERENCES "${schema}".models (version),
        previous_version text,
        reason           text        NOT NULL,
        activated_at     timestamptz NOT NULL
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    const schema = queryRunner.connection.driver.schema;
    await queryRunner.query(`DROP TABLE "${schema}".model_activations`);
    await queryRunner.query(`DROP TABLE "${schema}".models`);
  }
}
