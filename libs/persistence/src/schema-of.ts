import type { DataSource } from 'typeorm';

/** The service's own schema (see createDataSource), for table names in raw SQL. */
export function schemaOf(dataSource: DataSource): string {
  return (dataSource.options as { schema: string }).schema;
}
