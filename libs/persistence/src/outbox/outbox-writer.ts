import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { type OutgoingRecord, serializeValue } from '@churn/messaging';
import { schemaOf } from '../schema-of';

/**
 * Appends records to the outbox inside the caller's transaction: they are published if and only
 * if the state change they belong to commits. Call `OutboxRelay.notify()` after the commit to
 * publish without waiting for the next poll.
 */
@Injectable()
export class OutboxWriter {
  async append(manager: EntityManager, records: readonly OutgoingRecord[]): Promise<void> {
    if (records.length === 0) return;
    const values = records.map((record) => {
      const value = serializeValue(record.value);
      return typeof value === 'string' ? Buffer.from(value, 'utf8') : value;
    });
    await manager.query(
      `INSERT INTO "${schemaOf(manager.connection)}".outbox (topic, key, value, headers)
       SELECT * FROM unnest($1::text[], $2::text[], $3::bytea[], $4::jsonb[])`,
      [records.map((r) => r.topic), records.map((r) => r.key), values, records.map((r) => JSON.stringify(r.headers ?? {}))],
    );
  }
}
