import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * API keys (only a SHA-256 of the secret is stored: keys are 256 random bits, so a slow password
 * hash buys nothing and would cost every request) and the audit log of every write, export and
 * erasure: who (key id), what (action, target), when, and the request id that ties it to the logs.
 */
export class CreateAccess1733000000001 implements MigrationInterface {
  name = 'CreateAccess1733000000001';

  async up(queryRunner: QueryRunner): Promise<void> {
    const schema = queryRunner.connection.driver.schema;
    await queryRunner.query(`
      CREATE TABLE "${schema}".api_keys (
        id           uuid        PRIMARY KEY,
        name         text        NOT NULL,
        key_hash     text        NOT NULL UNIQUE,
        scopes       text[]      NOT NULL,
        created_at   timestamptz NOT NULL DEFAULT now(),
        created_by   text,
        revoked_at   timestamptz,
        last_used_at timestamptz
      )`);
    await queryRunner.query(`
      CREATE TABLE "${schema}".audit_log (
        id         bigserial   PRIMARY KEY,
        at         timestamptz NOT NULL DEFAULT now(),
        key_id     text        NOT NULL,
        action     text        NOT NULL,
        target     text,
        status     integer,
        request_id text,
        detail     jsonb
      )`);
    await queryRunner.query(`CREATE INDEX audit_log_at ON "${schema}".audit_log (at DESC)`);
    await queryRunner.query(`CREATE INDEX audit_log_target ON "${schema}".audit_log (target)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    const schema = queryRunner.connection.driver.schema;
    await queryRunner.query(`DROP TABLE "${schema}".audit_log`);
    await queryRunner.query(`DROP TABLE "${schema}".api_keys`);
  }
}
