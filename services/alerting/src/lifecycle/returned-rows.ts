/**
 * TypeORM's Postgres driver answers an UPDATE or DELETE with `[rows, affectedCount]` rather than
 * the rows alone (INSERT and SELECT give the rows): this gives the RETURNING rows either way.
 */
export function returnedRows<T>(result: unknown): T[] {
  const list = result as unknown[];
  return (list.length === 2 && Array.isArray(list[0]) && typeof list[1] === 'number' ? list[0] : list) as T[];
}
