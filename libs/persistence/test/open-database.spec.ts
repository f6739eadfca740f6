import type { MigrationInterface, QueryRunner } from 'typeorm';
import { createTestNamespace } from '@churn/testing';
import { createDataSource, openDatabase } from '../src/data-source';
import { DatabaseHealthIndicator } from '../src/persistence.module';

class CreateWidgets1700000000000 implements MigrationInterface {
  name = 'CreateWidgets1700000000000';
  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "${queryRunner.connection.driver.schema}".widgets (id int PRIMARY KEY)`);
  }
  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "${queryRunner.connection.driver.schema}".widgets`);
  }
}

describe('openDatabase (real Postgres)', () => {
  const ns = createTestNamespace('persistence');
  afterAll(() => ns.cleanup());

  const open = async () => {
    const dataSource = createDataSource({ url: ns.endpoints.TEST_DATABASE_URL, schema: ns.dbSchema, poolSize: 2, migrations: [CreateWidgets1700000000000] });
    await openDatabase(dataSource);
    return dataSource;
  };

  it('creates the service schema, runs migrations inside it, and is idempotent on restart', async () => {
    const first = await open();
    await first.query(`INSERT INTO "${ns.dbSchema}".widgets (id) VALUES (1)`);
    const tables: { table_name: string }[] = await first.query('SELECT table_name FROM information_schema.tables WHERE table_schema = $1 ORDER BY 1', [ns.dbSchema]);
    expect(tables.map((t) => t.table_name)).toEqual(['migrations', 'widgets']);
    await first.destroy();

    const second = await open();
    expect(await second.query(`SELECT count(*)::int AS n FROM "${ns.dbSchema}".migrations`)).toEqual([{ n: 1 }]);
    expect(await second.query(`SELECT id FROM "${ns.dbSchema}".widgets`)).toEqual([{ id: 1 }]);
    await expect(new DatabaseHealthIndicator(second).check()).resolves.toBeUndefined();
    await second.destroy();
  });

  it('fails readiness, with the reason, once the connection is gone', async () => {
    const dataSource = await open();
    await dataSource.destroy();
    await expect(new DatabaseHealthIndicator(dataSource).check()).rejects.toThrow();
  });
});
