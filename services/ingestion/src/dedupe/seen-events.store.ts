import { Injectable } from '@nestjs/common';
import { DataSource, type QueryRunner } from 'typeorm';
import { type Claim, ClaimGroup, type ClaimRow, type KnownClaims, type PriorClaims } from './claim-group';

export type { Claim, PriorClaims } from './claim-group';

interface Waiting {
  stream: string;
  claims: readonly Claim[];
  publish: (prior: PriorClaims) => Promise<unknown>;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

/** Dedupe transactions in flight at once; more callers queue and join the next group. */
const GROUPS_IN_FLIGHT = 2;
/** Ids per claim statement: bounds the statement and the time a group holds its row locks. */
const MAX_GROUP_CLAIMS = 5_000;

/**
 * Deduplication memory in Postgres, so it survives restarts and is shared by every instance.
 *
 * `claim` records new eventIds and runs `publish` inside the same transaction: the claims commit
 * only if publishing succeeded. A crash or broker outage therefore never leaves an eventId marked
 * as seen without its event on Kafka (the sender's retry is accepted, not called a duplicate).
 * The reverse failure (published, then the commit is lost) re-publishes on retry, which
 * downstream consumers absorb by eventId: at-least-once, never lost.
 *
 * Concurrent callers share transactions (a group commit, see ADR 0005): while GROUPS_IN_FLIGHT
 * groups run, new callers queue, and the next group claims all their ids in one statement and
 * commits once every member has published. One failed publish fails the whole group (nothing of
 * it is claimed), and each caller retries on its own.
 */
@Injectable()
export class SeenEventsStore {
  private readonly table: string;
  private queue: Waiting[] = [];
  private inFlight = 0;

  constructor(private readonly dataSource: DataSource) {
    this.table = `"${(dataSource.options as { schema: string }).schema}".seen_events`;
  }

  claim<T>(stream: string, claims: readonly Claim[], publish: (prior: PriorClaims) => Promise<T>): Promise<T> {
    if (claims.length === 0) return publish(new Map());
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ stream, claims, publish, resolve: resolve as (value: unknown) => void, reject });
      this.startGroups();
    });
  }

  private startGroups(): void {
    while (this.inFlight < GROUPS_IN_FLIGHT && this.queue.length > 0) {
      const members = this.takeGroup();
      this.inFlight += 1;
      void this.runGroup(members).finally(() => {
        this.inFlight -= 1;
        this.startGroups();
      });
    }
  }

  private takeGroup(): Waiting[] {
    let count = 0;
    let take = 0;
    // Always at least one member, however large its batch.
    while (take < this.queue.length && (take === 0 || count + this.queue[take]!.claims.length <= MAX_GROUP_CLAIMS)) {
      count += this.queue[take]!.claims.length;
      take += 1;
    }
    return this.queue.splice(0, take);
  }

  private async runGroup(members: Waiting[]): Promise<void> {
    const group = new ClaimGroup(members);
    const runner = this.dataSource.createQueryRunner();
    try {
      await runner.connect();
      await runner.startTransaction();
      const priors = group.priors(await this.claimRows(runner, group.rows));
      const outcomes = await Promise.allSettled(members.map((member, index) => member.publish(priors[index]!)));
      const failure = outcomes.find((o): o is PromiseRejectedResult => o.status === 'rejected');
      if (failure) throw failure.reason;
      await runner.commitTransaction();
      outcomes.forEach((outcome, index) => members[index]!.resolve((outcome as PromiseFulfilledResult<unknown>).value));
    } catch (error) {
      if (runner.isTransactionActive) await runner.rollbackTransaction().catch(() => undefined);
      for (const member of members) member.reject(error);
    } finally {
      await runner.release();
    }
  }

  /**
   * Inserts the rows that are new and returns the stored fingerprints of those that were not.
   * The insert reports only the rows it could not insert, nearly always none, so the common case
   * is one statement that sends nothing back per event. The fingerprints are read in a second
   * statement: its fresh snapshot sees the rows that concurrent claims committed while the insert
   * waited on them, which the insert's own snapshot does not.
   */
  private async claimRows(runner: QueryRunner, rows: readonly ClaimRow[]): Promise<KnownClaims> {
    const notInserted: { stream: string; event_id: string }[] = await runner.query(
      `WITH input AS (
         SELECT t.stream, t.event_id, t.content_hash FROM unnest($1::text[], $2::text[], $3::text[]) AS t(stream, event_id, content_hash)
       ), claimed AS (
         INSERT INTO ${this.table} (stream, event_id, content_hash)
         SELECT stream, event_id, content_hash FROM input
         ON CONFLICT (stream, event_id) DO NOTHING
         RETURNING stream, event_id
       )
       SELECT input.stream, input.event_id FROM input
       WHERE NOT EXISTS (SELECT 1 FROM claimed WHERE claimed.stream = input.stream AND claimed.event_id = input.event_id)`,
      [rows.map((r) => r.stream), rows.map((r) => r.eventId), rows.map((r) => r.contentHash)],
    );
    const known = new Map<string, string>();
    if (notInserted.length === 0) return known;
    const stored: { stream: string; event_id: string; content_hash: string }[] = await runner.query(
      `SELECT seen.stream, seen.event_id, seen.content_hash
       FROM unnest($1::text[], $2::text[]) AS t(stream, event_id)
       JOIN ${this.table} seen ON seen.stream = t.stream AND seen.event_id = t.event_id`,
      [notInserted.map((r) => r.stream), notInserted.map((r) => r.event_id)],
    );
    for (const row of stored) known.set(ClaimGroup.key(row.stream, row.event_id), row.content_hash);
    // Gone between the two statements (only the window cleanup deletes): neither ours nor known.
    // Failing the group makes every caller retry, when the id will simply be new.
    const missing = notInserted.find((row) => !known.has(ClaimGroup.key(row.stream, row.event_id)));
    if (missing) throw new Error(`claim of event ${missing.event_id} found neither a new nor a stored row`);
    return known;
  }
}
