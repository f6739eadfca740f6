import { type BeforeApplicationShutdown, Inject, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import type { Logger } from 'pino';
import { DataSource } from 'typeorm';
import { EventPublisher, type OutgoingRecord } from '@churn/messaging';
import { LOGGER } from '@churn/observability';
import { schemaOf } from '../schema-of';

export interface OutboxOptions {
  /** Longest a committed record waits when nobody called `notify()` (another instance wrote it). */
  pollIntervalMs: number;
  /** Rows published per round: one produce request and one update. */
  batchSize: number;
}

export const OUTBOX_OPTIONS = Symbol('OUTBOX_OPTIONS');

interface OutboxRow {
  id: string;
  topic: string;
  key: string | null;
  value: Buffer;
  headers: Record<string, string>;
}

/**
 * Publishes outbox rows through the EventPublisher (acks=all) and marks them sent in the same
 * transaction, so a row is marked only once the broker acknowledged it. A crash between the
 * acknowledgement and the commit publishes those rows again: at-least-once, which consumers absorb
 * by eventId. One relay at a time per schema (a transaction-scoped advisory lock), so rows go out
 * in commit order even with several instances; a failed round is retried at the next tick.
 */
@Injectable()
export class OutboxRelay implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly table: string;
  private stopped = false;
  private wake: (() => void) | undefined;
  private notified = false;
  private running: Promise<void> | undefined;

  constructor(
    private readonly dataSource: DataSource,
    private readonly publisher: EventPublisher,
    @Inject(OUTBOX_OPTIONS) private readonly options: OutboxOptions,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {
    this.table = `"${schemaOf(dataSource)}".outbox`;
  }

  onApplicationBootstrap(): void {
    this.running = this.loop();
  }

  /** Runs before messaging disconnects the producer, so the round in flight can finish. */
  async beforeApplicationShutdown(): Promise<void> {
    this.stopped = true;
    this.wake?.();
    await this.running;
  }

  /** A transaction with outbox rows committed: publish now rather than at the next poll. */
  notify(): void {
    this.notified = true;
    this.wake?.();
  }

  /** Publishes up to one batch of unsent rows; returns how many. Exposed for tests and drains. */
  async relayOnce(): Promise<number> {
    return this.dataSource.transaction(async (manager) => {
      const [{ locked }] = (await manager.query('SELECT pg_try_advisory_xact_lock(hashtext($1)) AS locked', [this.table])) as [{ locked: boolean }];
      if (!locked) return 0;
      const rows: OutboxRow[] = await manager.query(`SELECT id, topic, key, value, headers FROM ${this.table} WHERE sent_at IS NULL ORDER BY id LIMIT $1`, [
        this.options.batchSize,
      ]);
      if (rows.length === 0) return 0;
      await this.publisher.publish(rows.map(toRecord));
      await manager.query(`UPDATE ${this.table} SET sent_at = now() WHERE id = ANY($1::bigint[])`, [rows.map((row) => row.id)]);
      return rows.length;
    });
  }

  private async loop(): Promise<void> {
    while (!this.stopped) {
      this.notified = false;
      let relayed = 0;
      try {
        relayed = await this.relayOnce();
      } catch (error) {
        this.logger.warn({ err: error }, 'outbox relay round failed; will retry');
      }
      // A full batch means more may be waiting: go again at once.
      if (relayed < this.options.batchSize && !this.notified && !this.stopped) await this.sleep();
    }
  }

  private sleep(): Promise<void> {
    return new Promise((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        this.wake = undefined;
        resolve();
      };
      const timer = setTimeout(done, this.options.pollIntervalMs);
      this.wake = done;
    });
  }
}

function toRecord(row: OutboxRow): OutgoingRecord {
  return { topic: row.topic, key: row.key, value: row.value, headers: row.headers };
}
