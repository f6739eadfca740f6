import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Tombstones of erased customers: when each was last erased (customer-erasures.v1 requestedAt).
 * A purchase ingested up to that moment describes the erased past and is not applied, however
 * late it arrives (see erased-events.ts); indexed by time for the retention that drops a
 * tombstone once no such purchase can still be delivered.
 */
export class CreateErasedCustomers1734000000000 implements MigrationInterface {
  name = 'CreateErasedCustomers1734000000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const schema = queryRunner.connection.driver.schema;
    await queryRunner.query(`
      CREATE TABLE "${schema}".erased_customers (
        customer_id text        PRIMARY KEY,
        erased_at   timestamptz NOT NULL
      )`);
    await queryRunner.query(`CREATE INDEX erased_customers_erased_at ON "${schema}".erased_customers (erased_at)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "${queryRunner.connection.driver.schema}".erased_customers`);
  }
}
