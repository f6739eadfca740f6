import type { DataSource } from 'typeorm';

/**
 * How many rows of each table of `schema` contain `text` anywhere: every row cast to text, plus
 * its bytea columns decoded (a row's text cast shows bytea as hex, which would hide the outbox's
 * payloads). Tables without such rows are left out, so "nothing names it" is `{}`.
 */
export async function rowsContaining(dataSource: DataSource, schema: string, text: string): Promise<Record<string, number>> {
  const columns: { table_name: string; column_name: string; data_type: string }[] = await dataSource.query(
    `SELECT c.table_name, c.column_name, c.data_type FROM information_schema.columns c
     JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name AND t.table_type = 'BASE TABLE'
     WHERE c.table_schema = $1 ORDER BY c.table_name, c.ordinal_position`,
    [schema],
  );
  const byteaColumns = new Map<string, string[]>();
  for (const column of columns) {
    const list = byteaColumns.get(column.table_name) ?? [];
    if (column.data_type === 'bytea') list.push(column.column_name);
    byteaColumns.set(column.table_name, list);
  }
  const found: Record<string, number> = {};
  for (const [table, bytea] of byteaColumns) {
    const decoded = bytea.map((name) => ` OR strpos(coalesce(encode(r."${name}", 'escape'), ''), $1) > 0`).join('');
    const [row] = (await dataSource.query(`SELECT count(*)::int AS n FROM "${schema}"."${table}" AS r WHERE strpos(r::text, $1) > 0${decoded}`, [text])) as { n: number }[];
    if (row!.n > 0) found[table] = row!.n;
  }
  return found;
}
