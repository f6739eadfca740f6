import type { DataSource } from 'typeorm';

/**
 * Deletes the rows of `table` whose `timeColumn` is before `cutoff`, in chunks, so that cleaning a
 * large backlog never holds long locks or one huge transaction. Returns how many rows went.
 * `table` and `timeColumn` come from code, never from input.
 */
export async function deleteOlderThan(dataSource: DataSource, table: string, timeColumn: string, cutoff: Date, chunkSize = 10_000): Promise<number> {
  let total = 0;
  for (;;) {
    const [, deleted] = (await dataSource.query(
      `DELETE FROM ${table} WHERE ctid IN (SELECT ctid FROM ${table} WHERE ${timeColumn} < $1 LIMIT $2)`,
      [cutoff, chunkSize],
    )) as [unknown, number];
    total += deleted;
    if (deleted < chunkSize) return total;
  }
}
