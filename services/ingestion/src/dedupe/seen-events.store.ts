import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

export interface Claim {
  eventId: string;
  contentHash: string;
}

/** For each claimed eventId that was already known: the fingerprint it was first accepted with. */
export type PriorClaims = ReadonlyMap<string, string>;

/**
 * Deduplication memory in Postgres, so it survives restarts and is shared by every instance.
 *
 * `claim` records new eventIds and runs `publish` inside the same transaction: the claims commit
 * only if publishing succeeded. A crash or broker outage therefore never leaves an eventId marked
 * as seen without its event on Kafka (the sender's retry is accepted, not called a duplicate).
 * The reverse failure (published, then the commit is lost) re-publishes on retry, which
 * downstream consumers absorb by eventId: at-least-once, never lost.
 */
@Injectable()
export class SeenEventsStore {
  private readonly table: string;

  constructor(private readonly dataSource: DataSource) {
    this.table = `"${(dataSource.options as { schema: string }).schema}".seen_events`;
  }

  async claim<T>(stream: string, claims: readonly Claim[], publish: (prior: PriorClaims) => Promise<T>): Promise<T> {
    if (claims.length === 0) return publish(new Map());
    // A fixed lock order (sorted ids) keeps two overlapping batches from deadlocking.
    const sorted = [...claims].sort((a, b) => (a.eventId < b.eventId ? -1 : a.eventId > b.eventId ? 1 : 0));
    const runner = this.dataSource.createQueryRunner();
    await runner.connect();
    try {
      await runner.startTransaction();
      // One statement claims the new ids and reports the prior fingerprint of the known ones.
      // A row committed by a concurrent claim after this statement's snapshot was taken is not
      // visible to it (hash null): those few are read again in a second statement.
      const rows: { event_id: string; inserted: boolean; content_hash: string | null }[] = await runner.query(
        `WITH input AS (
           SELECT t.event_id, t.content_hash FROM unnest($2::text[], $3::text[]) AS t(event_id, content_hash)
         ), claimed AS (
           INSERT INTO ${this.table} (stream, event_id, content_hash)
           SELECT $1, event_id, content_hash FROM input
           ON CONFLICT (stream, event_id) DO NOTHING
           RETURNING event_id
         )
         SELECT input.event_id, claimed.event_id IS NOT NULL AS inserted, seen.content_hash
         FROM input
         LEFT JOIN claimed ON claimed.event_id = input.event_id
         LEFT JOIN ${this.table} seen ON seen.stream = $1 AND seen.event_id = input.event_id`,
        [stream, sorted.map((c) => c.eventId), sorted.map((c) => c.contentHash)],
      );
      const prior = new Map<string, string>();
      const unseen: string[] = [];
      for (const row of rows) {
        if (row.inserted) continue;
        if (row.content_hash === null) unseen.push(row.event_id);
        else prior.set(row.event_id, row.content_hash);
      }
      if (unseen.length > 0) {
        const late: { event_id: string; content_hash: string }[] = await runner.query(
          `SELECT event_id, content_hash FROM ${this.table} WHERE stream = $1 AND event_id = ANY($2::text[])`,
          [stream, unseen],
        );
        for (const row of late) prior.set(row.event_id, row.content_hash);
      }
      const result = await publish(prior);
      await runner.commitTransaction();
      return result;
    } catch (error) {
      if (runner.isTransactionActive) await runner.rollbackTransaction().catch(() => undefined);
      throw error;
    } finally {
      await runner.release();
    }
  }
}
