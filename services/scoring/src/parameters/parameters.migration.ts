import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Every fitted parameter set (parameters and fit diagnostics, as the domain's ScoringParameters
 * JSON), kept for audit and reproducibility; at most one is active. None active means the prior.
 */
export class CreateParameterSets1732600000001 implements MigrationInterface {
  name = 'CreateParameterSets1732600000001';

  async up(queryRunner: QueryRunner): Promise<void> {
    const schema = queryRunner.connection.driver.schema;
    await queryRunner.query(`
      CREATE TABLE "${schema}".parameter_sets (
        id           bigserial   PRIMARY KEY,
        version      text        NOT NULL UNIQUE,
        parameters   jsonb       NOT NULL,
        fitted_at    timestamptz NOT NULL,
        activated_at timestamptz,
        active       boolean     NOT NULL DEFAULT false
      )`);
    await queryRunner.query(`CREATE UNIQUE INDEX parameter_sets_one_active ON "${schema}".parameter_sets (active) WHERE active`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "${queryRunner.connection.driver.schema}".parameter_sets`);
  }
}
