import type { EntityManager } from 'typeorm';
import { schemaOf } from '../schema-of';

/**
 * Records that `consumer` processed these eventIds and returns those it had not processed before:
 * the only ones the caller may apply. Call it inside the transaction that applies them, so the
 * record and the state change commit (or roll back) together. A concurrent transaction recording
 * the same id waits on the key and then sees it as known, so two instances never both apply it.
 */
export async function recordNewEvents(manager: EntityManager, consumer: string, eventIds: readonly string[]): Promise<Set<string>> {
  if (eventIds.length === 0) return new Set();
  // Sorted, so two overlapping batches take their key locks in the same order and cannot deadlock.
  const ids = [...new Set(eventIds)].sort();
  const rows: { event_id: string }[] = await manager.query(
    `INSERT INTO "${schemaOf(manager.connection)}".processed_events (consumer, event_id)
     SELECT $1, id FROM unnest($2::text[]) AS t(id)
     ON CONFLICT (consumer, event_id) DO NOTHING
     RETURNING event_id`,
    [consumer, ids],
  );
  return new Set(rows.map((row) => row.event_id));
}
