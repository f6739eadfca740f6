import type { MigrationInterface, QueryRunner } from 'typeorm';
import type { MigrationClass } from '../effectively-once.migrations';

/**
 * Tombstones of erased customers: when each was last erased (customer-erasures.v1 requestedAt).
 * An event produced up to that moment describes the erased past and is not applied, however late
 * it arrives (see erased-events.ts); indexed by time for the retention that drops a tombstone once
 * no such event can still be delivered.
 *
 * A factory, unlike the other shared migrations, because each service shipped this migration
 * under its own name (e.g. CreateErasedCustomers1734000000000), which its migrations table
 * records: `name` must stay that name, or a deployed schema would run it a second time.
 */
export function erasedCustomersMigration(name: string): MigrationClass {
  return class CreateErasedCustomers implements MigrationInterface {
    name = name;

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
  };
}
